using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace EsCni.Journal.Tests.Snapshots;

/// <summary>A read lease keeps the files a point-in-time query reads: no segment deleted, no snapshot pruned, until it is disposed.</summary>
public sealed class ReadLeaseTests : IDisposable
{
    private static readonly JournalOptions s_small = new() { SegmentBytes = 16 << 10, MaxBatchBytes = 4 << 10 };
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task LeaseAsync_WhileHeld_RetentionAndPruningWaitThenCatchUp()
    {
        await using Journal journal = await Journal.OpenAsync(_dir.Path, s_small, default);
        for (int i = 0; i < 100; i++)
        {
            await journal.AppendAsync(TestEvents.Batch(1, i * 4, 4, maxLength: 300), default);
        }

        await journal.WriteSnapshotAsync(200, BitConverter.GetBytes(200L), default);
        await journal.WriteSnapshotAsync(300, BitConverter.GetBytes(300L), default);
        string[] segments = Directory.GetFiles(_dir.Path, "*.seg");
        JournalReadLease lease = await journal.LeaseAsync(default);
        long leasedLast = lease.LastLsn;

        await journal.AppendAsync(TestEvents.Batch(1, 400, 4, maxLength: 300), default);
        await journal.WriteSnapshotAsync(journal.LastLsn, BitConverter.GetBytes(journal.LastLsn), default);
        int deletedWhileLeased = await journal.DeleteSegmentsBelowAsync(journal.LastLsn, default);

        Assert.Equal(0, deletedWhileLeased);
        Assert.Equal(segments.Order(), Directory.GetFiles(_dir.Path, "*.seg").Where(segments.Contains).Order());
        Assert.True(lease.TryReadNewestSnapshot(long.MaxValue, out Snapshot? newest, out _) && newest.Lsn == 300, "the lease sees the journal as it was: newest snapshot 300");
        Assert.True(lease.TryReadNewestSnapshot(299, out Snapshot? older, out _) && older.Lsn == 200, "snapshot 200 must not be pruned under the lease");
        Assert.Equal(leasedLast, lease.ReadAll(0, _ => { }));

        lease.Dispose();
        await journal.WriteSnapshotAsync(journal.LastLsn, BitConverter.GetBytes(journal.LastLsn), default);
        int deletedAfter = await journal.DeleteSegmentsBelowAsync(journal.LastLsn, default);

        Assert.True(deletedAfter > 0, "retention deletes once the lease is released");
        Assert.Equal(2, Directory.GetFiles(_dir.Path, "snap-*.bin").Length);
    }
}
