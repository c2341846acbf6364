using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EsCni.Testing;

namespace EsCni.Journal.Tests.Snapshots;

/// <summary>
/// A snapshot that hits a full volume before anything was synced is skipped, not fatal: the journal keeps
/// appending into its preallocated segment (on a node, pods keep getting IPs) and the next snapshot succeeds once
/// space returns. Only fsync-class failures fail the journal.
/// </summary>
public sealed class SnapshotOnFullDiskTests
{
    private const string Directory = "/fault/journal";

    [Fact]
    public async Task WriteSnapshotAsync_DiskFull_ThrowsSnapshotNotWrittenAndJournalKeepsAppending()
    {
        var fs = new FaultInjectingFileSystem(seed: 1);
        var options = new JournalOptions { SegmentBytes = 64 << 10, MaxBatchBytes = 4 << 10, FileSystem = fs };
        await using Journal journal = await Journal.OpenAsync(Directory, options, default);
        await journal.AppendAsync(TestEvents.Batch(1, 0, 10), default);
        await journal.WriteSnapshotAsync(10, BitConverter.GetBytes(10L), default);

        fs.DiskFull = true;
        await journal.AppendAsync(TestEvents.Batch(1, 10, 10), default); // inside the preallocated segment
        SnapshotNotWrittenException error = await Assert.ThrowsAsync<SnapshotNotWrittenException>(
            async () => await journal.WriteSnapshotAsync(20, BitConverter.GetBytes(20L), default));

        Assert.Contains("No space left on device", error.Message, StringComparison.Ordinal);
        Assert.Contains("free space", error.Message, StringComparison.Ordinal);
        Assert.Equal(JournalState.Open, journal.State);
        Assert.DoesNotContain(fs.ListFiles(Directory), name => name.EndsWith(".tmp", StringComparison.Ordinal));
        await journal.AppendAsync(TestEvents.Batch(1, 20, 10), default);
        Assert.Equal(30, journal.LastLsn);
        Assert.True(journal.TryReadNewestSnapshot(long.MaxValue, out Snapshot? kept));
        Assert.Equal(10, kept.Lsn);

        fs.DiskFull = false;
        await journal.WriteSnapshotAsync(30, BitConverter.GetBytes(30L), default);
        Assert.True(journal.TryReadNewestSnapshot(long.MaxValue, out Snapshot? newest));
        Assert.Equal(30, newest.Lsn);
        Assert.Equal(30, (JournalTests.ReadAll(journal, 0)).Count);
    }

    [Fact]
    public async Task WriteSnapshotAsync_DiskFull_ReopenFindsEveryEventAndTheOlderSnapshot()
    {
        var fs = new FaultInjectingFileSystem(seed: 2);
        var options = new JournalOptions { SegmentBytes = 64 << 10, MaxBatchBytes = 4 << 10, FileSystem = fs };
        await using (Journal journal = await Journal.OpenAsync(Directory, options, default))
        {
            await journal.AppendAsync(TestEvents.Batch(1, 0, 10), default);
            await journal.WriteSnapshotAsync(10, BitConverter.GetBytes(10L), default);
            fs.DiskFull = true;
            await journal.AppendAsync(TestEvents.Batch(1, 10, 5), default);
            await Assert.ThrowsAsync<SnapshotNotWrittenException>(async () => await journal.WriteSnapshotAsync(15, BitConverter.GetBytes(15L), default));
        }

        FaultInjectingFileSystem rebooted = fs.AfterCrash();
        await using Journal reopened = await Journal.OpenAsync(Directory, new JournalOptions { SegmentBytes = 64 << 10, MaxBatchBytes = 4 << 10, FileSystem = rebooted }, default);

        Assert.Equal(15, reopened.LastLsn);
        Assert.Equal([10L], reopened.Recovery.SnapshotsFound);
        Assert.All(JournalTests.ReadAll(reopened, 0), r => Assert.True(TestEvents.IsIntact(r)));
    }
}
