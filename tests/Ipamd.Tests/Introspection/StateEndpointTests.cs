using EsCni.Domain.Codec;
using EsCni.Domain.Events;
using EsCni.Domain.Pool;
using EsCni.Ipamd.Introspection;
using EsCni.Journal;
using EsCni.Projections;
using EsCni.Projections.History;
using EsCni.Testing;
using NodeJournal = EsCni.Journal.Journal;

namespace EsCni.Ipamd.Tests.Introspection;

/// <summary><c>/v1/state?at=</c> reads through the daemon's own journal while snapshots and retention delete files under it.</summary>
public sealed class StateEndpointTests : IAsyncLifetime
{
    private const int Events = 40_000;
    private const int SnapshotEvery = 100;
    private const int QueryLoops = 3;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "escni-state-" + Guid.NewGuid().ToString("N")[..12]);
    private NodeJournal _journal = null!;
    private long _newestSnapshot;

    public async Task InitializeAsync() =>
        // Tiny segments (~300 events each) so retention has files to delete every few batches.
        _journal = await NodeJournal.OpenAsync(_directory, new JournalOptions { SegmentBytes = 64 << 10, MaxBatchBytes = 16 << 10 }, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _journal.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task StateAtAsync_WhileSnapshotsAndRetentionDeleteFiles_EveryQueryAnswersTheExactPool()
    {
        using var done = new CancellationTokenSource();
        Task<int> writer = WriteWithSnapshotsAndRetentionAsync(done);
        Task<(int Answered, int Outrun)>[] queries = [.. Enumerable.Range(0, QueryLoops).Select(_ => Task.Run(() => QueryUntilAsync(done.Token)))];

        int deleted = await writer;
        (int Answered, int Outrun)[] loops = await Task.WhenAll(queries);

        Assert.True(deleted >= 20, $"retention deleted only {deleted} segments while the queries ran; the test did not race them");
        Assert.All(loops, l => Assert.True(l.Answered >= 50 && l.Outrun * 10 <= l.Answered, $"a query loop answered {l.Answered} times exactly and was outrun by snapshots {l.Outrun} times"));
        Assert.True(_journal.FirstLsn > 1, "retention never advanced the journal's first LSN");
    }

    /// <summary>Appends churn, snapshots every <see cref="SnapshotEvery"/> events and runs retention after each batch; returns segments deleted.</summary>
    private async Task<int> WriteWithSnapshotsAndRetentionAsync(CancellationTokenSource done)
    {
        try
        {
            var pool = new NodePool();
            int deleted = 0;
            long lsn = 0;
            foreach (DomainEvent[] batch in SyntheticNodeEvents.Churn("i-state", Events, "10.7.0.10").Chunk(20))
            {
                await _journal.AppendAsync([.. batch.Select(ToEntry)], CancellationToken.None);
                foreach (DomainEvent e in batch)
                {
                    pool.Apply(new RecordedEvent(++lsn, e));
                    if (lsn % SnapshotEvery == 0)
                    {
                        await _journal.WriteSnapshotAsync(lsn, NodePoolSnapshot.Encode(pool), CancellationToken.None);
                        Volatile.Write(ref _newestSnapshot, lsn);
                    }
                }

                deleted += await _journal.DeleteSegmentsBelowAsync(_journal.LastLsn, CancellationToken.None);
                if (deleted >= 40)
                {
                    break;
                }
            }

            return deleted;
        }
        finally
        {
            await done.CancelAsync();
        }
    }

    /// <summary>
    /// Asks for the pool at the time of a random event at or after the newest snapshot, as an operator would, and
    /// checks it exactly. Such a point stays answerable until two more snapshots are written (the one covering it is
    /// then pruned): only a query that lost that race may fail, and only by saying the history was deleted.
    /// </summary>
    private async Task<(int Answered, int Outrun)> QueryUntilAsync(CancellationToken done)
    {
        int answered = 0;
        int outrun = 0;
        while (!done.IsCancellationRequested)
        {
            long snapshot = Volatile.Read(ref _newestSnapshot);
            long last = _journal.LastLsn;
            if (snapshot == 0)
            {
                await Task.Delay(1, CancellationToken.None);
                continue;
            }

            long lsn = Random.Shared.NextInt64(snapshot, last + 1);
            PoolState state;
            try
            {
                state = await StateEndpoint.StateAtAsync(_journal, SyntheticNodeEvents.Start.AddSeconds(lsn - 3), CancellationToken.None);
            }
            catch (ProjectionException) when (Volatile.Read(ref _newestSnapshot) >= snapshot + (2 * SnapshotEvery))
            {
                outrun++;
                continue;
            }

            // Churn: LSN L is stamped Start + (L - 3) s; an even L has just allocated pod (L - 4) / 2, an odd one released it.
            Assert.Equal(lsn, state.Lsn);
            Assert.Empty(state.Warnings);
            IReadOnlyList<Allocation> pods = state.Pool.GetAllocations();
            Assert.Equal(lsn % 2 == 0 ? 1 : 0, pods.Count);
            if (pods.Count == 1)
            {
                Assert.Equal($"10.7.0.{10 + ((lsn - 4) / 2 % 20)}", pods[0].Ip.ToString());
            }

            answered++;
            await Task.Delay(1, CancellationToken.None); // let retention find a moment with no query holding a lease
        }

        return (answered, outrun);
    }

    private static JournalEntry ToEntry(DomainEvent e)
    {
        (ushort type, byte[] payload) = EventCodec.Encode(e);
        return new JournalEntry(e.EventId, type, (e.At.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10, payload);
    }
}
