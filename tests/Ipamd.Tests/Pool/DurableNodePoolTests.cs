using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Pool;
using EsCni.Ipamd.Pool;
using EsCni.Journal;
using Microsoft.Extensions.Logging.Abstractions;
using NodeJournal = EsCni.Journal.Journal;

namespace EsCni.Ipamd.Tests.Pool;

/// <summary>The pool's single writer over a real journal in a temp directory.</summary>
public sealed class DurableNodePoolTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("escni-pool-").FullName;

    [Fact]
    public async Task SubmitAsync_ConcurrentAllocations_DistinctIpsAndEveryEventDurableOnReturn()
    {
        await using NodeJournal journal = await NodeJournal.OpenAsync(_directory, new JournalOptions(), CancellationToken.None);
        await using var pool = new DurableNodePool(journal, new NodePool(), 1_000_000, NullLogger.Instance, _ => { });
        await PoolScenario.InitAsync(pool, 300);

        Decision[] decisions = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(() => pool.SubmitAsync(PoolScenario.Allocate($"c{i}"), CancellationToken.None))));

        Assert.All(decisions, d => Assert.True(d.Accepted, d.ToString()));
        Assert.Equal(300, decisions.Select(d => d.Allocation!.Ip).Distinct().Count());

        // Every answered allocation is already in the journal: a reader opened now finds each one.
        var reader = JournalReader.Open(_directory);
        Assert.Equal(pool.LastLsn, reader.LastLsn);
        var fromDisk = NodePool.Rebuild(ReadAll(reader));
        foreach (Decision decision in decisions)
        {
            Assert.True(fromDisk.TryGetAllocation(decision.Allocation!.Key, out Allocation? durable));
            Assert.Equal(decision.Allocation.Ip, durable.Ip);
        }
    }

    [Fact]
    public async Task SubmitAsync_RepeatedKey_SameIpAndNoNewEvent()
    {
        await using NodeJournal journal = await NodeJournal.OpenAsync(_directory, new JournalOptions(), CancellationToken.None);
        await using var pool = new DurableNodePool(journal, new NodePool(), 1_000_000, NullLogger.Instance, _ => { });
        await PoolScenario.InitAsync(pool, 5);

        Decision first = await pool.SubmitAsync(PoolScenario.Allocate("c1"), CancellationToken.None);
        long lsn = journal.LastLsn;
        Decision again = await pool.SubmitAsync(PoolScenario.Allocate("c1"), CancellationToken.None);

        Assert.Equal(first.Allocation!.Ip, again.Allocation!.Ip);
        Assert.Empty(again.Events);
        Assert.Equal(lsn, journal.LastLsn);
    }

    [Fact]
    public async Task Recover_AfterRestart_RebuildsSamePoolFromSnapshotAndTail()
    {
        NodePool live;
        await using (NodeJournal journal = await NodeJournal.OpenAsync(_directory, new JournalOptions(), CancellationToken.None))
        {
            // Snapshot every 100 events, so the restart loads a snapshot and replays a tail.
            await using var pool = new DurableNodePool(journal, new NodePool(), 100, NullLogger.Instance, _ => { });
            await PoolScenario.InitAsync(pool, 200);
            for (int i = 0; i < 250; i++)
            {
                await pool.SubmitAsync(PoolScenario.Allocate($"c{i % 150}", PoolScenario.Start.AddSeconds(60 + i)), CancellationToken.None);
                if (i % 3 == 0)
                {
                    await pool.SubmitAsync(new ReleaseIpByKey(PoolScenario.Start.AddSeconds(60 + i), Cause.Of(CauseKind.CniRequest), new IpamKey("escni", $"c{i % 150}", "eth0"), ReleaseReason.CniDel), CancellationToken.None);
                }
            }

            live = pool.Read(p => NodePool.FromSnapshot(p.ToSnapshot()));
        }

        await using NodeJournal reopened = await NodeJournal.OpenAsync(_directory, new JournalOptions(), CancellationToken.None);
        RecoveredPool recovered = PoolRecovery.Recover(reopened, CancellationToken.None);

        Assert.True(recovered.SnapshotLsn > 0, "a snapshot was written and used");
        Assert.Equal(live.LastLsn, recovered.Pool.LastLsn);
        Assert.Equal(live.ToSnapshot(), recovered.Pool.ToSnapshot());
    }

    [Fact]
    public async Task SubmitAsync_AfterJournalFailure_FailsWithPoolUnavailableAndReportsFatal()
    {
        NodeJournal journal = await NodeJournal.OpenAsync(_directory, new JournalOptions(), CancellationToken.None);
        // Reported from the writer loop, which may run after the caller has its exception: awaited, not read.
        TaskCompletionSource<Exception> fatal = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var pool = new DurableNodePool(journal, new NodePool(), 1_000_000, NullLogger.Instance, ex => fatal.TrySetResult(ex));
        await PoolScenario.InitAsync(pool, 5);

        // A disposed journal refuses appends: the pool must stop, not answer from memory.
        await journal.DisposeAsync();
        await Assert.ThrowsAsync<PoolUnavailableException>(() => pool.SubmitAsync(PoolScenario.Allocate("c1"), CancellationToken.None));
        Assert.NotNull(await fatal.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAsync<PoolUnavailableException>(() => pool.SubmitAsync(PoolScenario.Allocate("c2"), CancellationToken.None));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static List<RecordedEvent> ReadAll(JournalReader reader)
    {
        var events = new List<RecordedEvent>();
        reader.ReadAll(0, record =>
        {
            Assert.True(EsCni.Domain.Codec.EventCodec.TryDecode(record.Type, record.Payload.Span, out DomainEvent? e, out string? error), error);
            events.Add(new RecordedEvent(record.Lsn, e));
        });
        return events;
    }
}
