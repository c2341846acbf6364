using System;
using System.Linq;
using EsCni.Journal.Storage;
using EsCni.Testing;

namespace EsCni.Journal.Tests.Storage;

/// <summary>What the journal relies on from any <see cref="IJournalFileSystem"/>; each implementation derives from this.</summary>
public abstract class FileSystemContractTests
{
    internal abstract IJournalFileSystem FileSystem { get; }

    protected abstract string Directory { get; }

    private string PathOf(string name) => System.IO.Path.Combine(Directory, name);

    [Fact]
    public void Write_ThenRead_ReturnsTheBytesAtTheirOffsets()
    {
        using IJournalFile file = FileSystem.Create(PathOf("a.seg"));
        file.Write(0, [1, 2, 3]);
        file.Write(10, [9]);
        file.DataSync();

        byte[] back = new byte[20];
        int n = file.Read(0, back);

        Assert.Equal(11, n);
        Assert.Equal(11, file.Length);
        Assert.Equal(new byte[] { 1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 9 }, back[..11]);
    }

    [Fact]
    public void Rename_OverExistingName_ReplacesItAndListsOnce()
    {
        using (IJournalFile a = FileSystem.Create(PathOf("x.tmp")))
        {
            a.Write(0, [7]);
            a.Sync();
        }

        using (IJournalFile b = FileSystem.Create(PathOf("x.seg")))
        {
            b.Write(0, [8, 8]);
        }

        FileSystem.Rename(PathOf("x.tmp"), PathOf("x.seg"));
        FileSystem.SyncDirectory(Directory);

        Assert.Equal(["x.seg"], FileSystem.ListFiles(Directory).Where(n => n.StartsWith('x')));
        using IJournalFile reopened = FileSystem.Open(PathOf("x.seg"), writable: false);
        Assert.Equal(1, reopened.Length);
    }

    [Fact]
    public void Delete_RemovesTheName()
    {
        FileSystem.Create(PathOf("gone.seg")).Dispose();

        FileSystem.Delete(PathOf("gone.seg"));
        FileSystem.SyncDirectory(Directory);

        Assert.DoesNotContain("gone.seg", FileSystem.ListFiles(Directory));
    }

    [Fact]
    public void Lock_WhileHeld_ThrowsJournalLockedExceptionUntilReleased()
    {
        IDisposable held = FileSystem.Lock(Directory);

        JournalLockedException error = Assert.Throws<JournalLockedException>(() => FileSystem.Lock(Directory));
        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), error.HolderPid);

        held.Dispose();
        FileSystem.Lock(Directory).Dispose();
    }
}

public sealed class PosixFileSystemTests : FileSystemContractTests, IDisposable
{
    private readonly TestDirectory _dir = new();

    internal override IJournalFileSystem FileSystem => PosixFileSystem.Instance;

    protected override string Directory => _dir.Path;

    public void Dispose() => _dir.Dispose();
}

public sealed class FaultInjectingFileSystemTests : FileSystemContractTests
{
    private readonly FaultInjectingFileSystem _fs = new(5);

    internal override IJournalFileSystem FileSystem => _fs;

    protected override string Directory => "/fault/contract";

    [Fact]
    public void AfterCrash_UnsyncedBytesAndRename_AreKeptOrDroppedButNeverInvented()
    {
        using (IJournalFile file = _fs.Create("/fault/contract/d.seg"))
        {
            file.Write(0, [1, 1]);
            file.Sync();
            _fs.SyncDirectory(Directory);
            file.Write(0, [2, 2]); // never synced
        }

        _fs.Rename("/fault/contract/d.seg", "/fault/contract/e.seg"); // never made durable by a directory fsync
        bool sawOld = false;
        bool sawNew = false;
        for (int i = 0; i < 40; i++)
        {
            FaultInjectingFileSystem after = _fs.AfterCrash();
            string[] names = after.ListFiles(Directory).ToArray();
            string name = Assert.Single(names);
            Assert.True(name is "d.seg" or "e.seg");
            byte[] bytes = after.Contents(System.IO.Path.Combine(Directory, name));
            sawOld |= bytes.SequenceEqual(new byte[] { 1, 1 });
            sawNew |= bytes.SequenceEqual(new byte[] { 2, 2 });
            Assert.True(bytes.SequenceEqual(new byte[] { 1, 1 }) || bytes.SequenceEqual(new byte[] { 2, 2 }));
        }

        Assert.True(sawOld && sawNew, "a crash must sometimes keep and sometimes drop unsynced bytes");
    }
}
