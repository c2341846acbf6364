using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace EsCni.Journal.Tests.Snapshots;

/// <summary>Snapshot files (newest two kept, a bad one skipped with a warning) and segment retention.</summary>
public sealed class SnapshotTests : IDisposable
{
    private static readonly JournalOptions s_small = new() { SegmentBytes = 16 << 10, MaxBatchBytes = 4 << 10 };
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task WriteSnapshotAsync_ThreeTimes_KeepsNewestTwo()
    {
        await using Journal journal = await Journal.OpenAsync(_dir.Path, s_small, default);
        for (int b = 0; b < 3; b++)
        {
            await journal.AppendAsync(TestEvents.Batch(1, b * 10, 10), default);
        }

        foreach (long lsn in new long[] { 10, 20, 30 })
        {
            await journal.WriteSnapshotAsync(lsn, BitConverter.GetBytes(lsn), default);
        }

        string[] files = Directory.GetFiles(_dir.Path, "snap-*").Select(Path.GetFileName).Order().ToArray()!;
        Assert.Equal(["snap-00000000000000000020.bin", "snap-00000000000000000030.bin"], files);
        Assert.True(journal.TryReadNewestSnapshot(long.MaxValue, out Snapshot? newest));
        Assert.Equal(30, newest.Lsn);
        Assert.Equal(30L, BitConverter.ToInt64(newest.Blob.Span));
        Assert.True(journal.TryReadNewestSnapshot(25, out Snapshot? bounded));
        Assert.Equal(20, bounded.Lsn);
    }

    [Fact]
    public async Task TryReadNewestSnapshot_NewestDamaged_ReturnsOlderAndWarns()
    {
        await using (Journal journal = await Journal.OpenAsync(_dir.Path, s_small, default))
        {
            for (int b = 0; b < 3; b++)
            {
                await journal.AppendAsync(TestEvents.Batch(1, b * 10, 10), default);
            }
            await journal.WriteSnapshotAsync(10, BitConverter.GetBytes(10L), default);
            await journal.WriteSnapshotAsync(30, BitConverter.GetBytes(30L), default);
        }

        string newestPath = _dir.File("snap-00000000000000000030.bin");
        byte[] bytes = File.ReadAllBytes(newestPath);
        bytes[^1] ^= 0x10;
        File.WriteAllBytes(newestPath, bytes);

        await using Journal reopened = await Journal.OpenAsync(_dir.Path, s_small, default);
        Assert.Equal([10L], reopened.Recovery.SnapshotsFound);
        Assert.Contains(reopened.Recovery.SnapshotWarnings, w => w.Contains("snap-00000000000000000030.bin", StringComparison.Ordinal) && w.Contains("CRC", StringComparison.Ordinal));
        Assert.True(reopened.TryReadNewestSnapshot(long.MaxValue, out Snapshot? snapshot));
        Assert.Equal(10, snapshot.Lsn);
        Assert.True(JournalReader.Open(_dir.Path).TryReadNewestSnapshot(long.MaxValue, out Snapshot? viaReader, out var warnings));
        Assert.Equal(10, viaReader.Lsn);
        Assert.Single(warnings);
    }

    [Fact]
    public async Task DeleteSegmentsBelowAsync_DeletesOnlySegmentsBelowBothSnapshotAndShipped()
    {
        await using Journal journal = await Journal.OpenAsync(_dir.Path, s_small, default);
        for (int i = 0; i < 100; i++)
        {
            await journal.AppendAsync(TestEvents.Batch(1, i * 4, 4, maxLength: 300), default);
        }

        Assert.Equal(0, await journal.DeleteSegmentsBelowAsync(long.MaxValue, default)); // no snapshot yet: keep everything

        string[] before = Directory.GetFiles(_dir.Path, "*.seg").Order().ToArray();
        Assert.True(before.Length >= 4);
        long secondBase = long.Parse(Path.GetFileNameWithoutExtension(before[1]), System.Globalization.CultureInfo.InvariantCulture);
        long thirdBase = long.Parse(Path.GetFileNameWithoutExtension(before[2]), System.Globalization.CultureInfo.InvariantCulture);
        await journal.WriteSnapshotAsync(journal.LastLsn, BitConverter.GetBytes(journal.LastLsn), default);

        int deleted = await journal.DeleteSegmentsBelowAsync(thirdBase - 1, default); // shipped up to the end of segment 2

        Assert.Equal(2, deleted);
        Assert.Equal(thirdBase, journal.FirstLsn);
        Assert.Equal(before.Skip(2), Directory.GetFiles(_dir.Path, "*.seg").Order());
        Assert.Throws<JournalException>(() => JournalTests.ReadAll(journal, secondBase));
        Assert.Equal(journal.LastLsn - thirdBase + 1, (JournalTests.ReadAll(journal, thirdBase - 1)).Count);
    }


    [Fact]
    public async Task DeleteSegmentsBelowAsync_SnapshotOlderThanShipped_SnapshotIsTheFloor()
    {
        await using Journal journal = await Journal.OpenAsync(_dir.Path, s_small, default);
        for (int i = 0; i < 100; i++)
        {
            await journal.AppendAsync(TestEvents.Batch(1, i * 4, 4, maxLength: 300), default);
        }

        string[] before = Directory.GetFiles(_dir.Path, "*.seg").Order().ToArray();
        long secondBase = long.Parse(Path.GetFileNameWithoutExtension(before[1]), System.Globalization.CultureInfo.InvariantCulture);
        long thirdBase = long.Parse(Path.GetFileNameWithoutExtension(before[2]), System.Globalization.CultureInfo.InvariantCulture);
        await journal.WriteSnapshotAsync(secondBase, BitConverter.GetBytes(secondBase), default); // covers segment 1 only
        await journal.WriteSnapshotAsync(thirdBase - 1, BitConverter.GetBytes(thirdBase - 1), default); // newest, but the older one is the floor

        int deleted = await journal.DeleteSegmentsBelowAsync(long.MaxValue, default);

        Assert.Equal(1, deleted);
        Assert.Equal(secondBase, journal.FirstLsn);
    }

    [Fact]
    public async Task DeleteSegmentsBelowAsync_AfterRetention_ReopenRecoversTheRemainingChain()
    {
        await using (Journal journal = await Journal.OpenAsync(_dir.Path, s_small, default))
        {
            for (int i = 0; i < 100; i++)
            {
                await journal.AppendAsync(TestEvents.Batch(1, i * 4, 4, maxLength: 300), default);
            }

            await journal.WriteSnapshotAsync(300, BitConverter.GetBytes(300L), default);
            Assert.True(await journal.DeleteSegmentsBelowAsync(350, default) > 0);
        }

        await using Journal reopened = await Journal.OpenAsync(_dir.Path, s_small, default);
        Assert.Equal(400, reopened.LastLsn);
        Assert.True(reopened.FirstLsn > 1 && reopened.FirstLsn <= 301);
    }
}
