using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using EsCni.Domain.Events;
using EsCni.Domain.Pool;
using EsCni.Journal;
using EsCni.Projections.History;
using EsCni.Projections.Replay;
using EsCni.Projections.Tests.Support;
using EsCni.Testing;

namespace EsCni.Projections.Tests.History;

public sealed class PoolHistoryTests : IAsyncLifetime
{
    private ScenarioJournal _scenario = null!;
    private JournalReader _reader = null!;

    public async Task InitializeAsync()
    {
        _scenario = await ScenarioJournal.CreateAsync();
        await _scenario.CloseAsync();
        _reader = JournalReader.Open(_scenario.Directory);
    }

    public async Task DisposeAsync() => await _scenario.DisposeAsync();

    [Fact]
    public void StateAt_EveryLsn_WithOrWithoutSnapshotEqualsAFullRebuild()
    {
        List<RecordedEvent> all = ReadAll();
        Assert.Equal(25, all.Count);
        for (int lsn = 0; lsn <= 25; lsn++)
        {
            PoolState state = PoolHistory.StateAt(_reader, atLsn: lsn);

            NodePool rebuilt = NodePool.Rebuild(all.GetRange(0, lsn));
            Assert.Equal(rebuilt.ToSnapshot(), state.Pool.ToSnapshot());
            Assert.Equal(lsn >= 16 ? 16 : null, state.SnapshotLsn);
            Assert.Equal(lsn >= 16 ? lsn - 16 : lsn, state.EventsReplayed);
        }

        Assert.Equal(_scenario.Pool.ToSnapshot(), PoolHistory.StateAt(_reader, atLsn: 25).Pool.ToSnapshot());
    }

    [Fact]
    public void StateAt_Time_FoldsEverythingStampedUpToIt()
    {
        PoolState duringCooldown = PoolHistory.StateAt(_reader, at: ScenarioJournal.At(95));

        Assert.Equal(8, duringCooldown.Lsn);
        Assert.Null(duringCooldown.SnapshotLsn);
        Assert.Equal(PoolHistory.StateAt(_reader, atLsn: 8).Pool.ToSnapshot(), duringCooldown.Pool.ToSnapshot());
        CoolingIp cooling = Assert.Single(duringCooldown.Pool.GetCoolingIps(duringCooldown.At));
        Assert.Equal(ScenarioJournal.At(120), cooling.Until);
    }

    [Fact]
    public void StateAt_TimeJustBeforeTheSnapshotEvent_DoesNotUseTheSnapshot()
    {
        PoolState before = PoolHistory.StateAt(_reader, at: ScenarioJournal.At(159));
        PoolState after = PoolHistory.StateAt(_reader, at: ScenarioJournal.At(160));

        Assert.Equal((15L, (long?)null), (before.Lsn, before.SnapshotLsn));
        Assert.Equal((16L, (long?)16), (after.Lsn, after.SnapshotLsn));
        Assert.Equal(0, after.EventsReplayed);
    }

    [Fact]
    public void StateAt_TimeBeforeTheFirstEvent_IsTheEmptyPool()
    {
        PoolState state = PoolHistory.StateAt(_reader, at: ScenarioJournal.At(-1));

        Assert.Equal(0, state.Lsn);
        Assert.Null(state.Pool.Node);
    }

    [Fact]
    public void StateAt_LsnPastTheEnd_Throws()
    {
        ArgumentOutOfRangeException ex = Assert.Throws<ArgumentOutOfRangeException>(() => PoolHistory.StateAt(_reader, atLsn: 26));
        Assert.Contains("0..25", ex.Message);
    }

    [Fact]
    public void Between_AcrossRestart_ListsStartedAndEndedAllocations()
    {
        PoolDiff diff = PoolDiff.Between(_reader, ScenarioJournal.At(50), ScenarioJournal.At(170));

        Assert.Equal((5L, 16L), (diff.From.Lsn, diff.To.Lsn));
        Assert.Equal(["eni-second"], diff.EnisAttached.Select(e => e.EniId));
        Assert.Equal(["web-1"], diff.AllocationsEnded.Select(a => a.Pod.Name));
        Assert.Equal(["web-5", "web-3", "web-4"], diff.AllocationsStarted.Select(a => a.Pod.Name));
        Assert.Equal(1, diff.EventsBetween["NodeStarted"]);
    }

    private List<RecordedEvent> ReadAll()
    {
        Collector collector = new();
        JournalReplay.Run(_reader, ReplayRange.All, null, collector);
        return collector.Events;
    }

    private sealed class Collector : IProjection
    {
        public List<RecordedEvent> Events { get; } = [];

        public void Apply(in RecordedEvent recorded) => Events.Add(recorded);
    }
}
