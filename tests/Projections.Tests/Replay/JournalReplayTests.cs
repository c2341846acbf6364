using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EsCni.Domain.Events;
using EsCni.Journal;
using EsCni.Projections.Replay;
using EsCni.Projections.Tests.Support;
using EsCni.Testing;

namespace EsCni.Projections.Tests.Replay;

public sealed class JournalReplayTests
{
    [Fact]
    public async Task Run_UntilTime_StopsAtTheFirstLaterEvent()
    {
        await using ScenarioJournal scenario = await ScenarioJournal.CreateAsync();
        await scenario.CloseAsync();
        Collector collector = new();

        ReplayOutcome outcome = JournalReplay.Run(JournalReader.Open(scenario.Directory), new ReplayRange(3, null, ScenarioJournal.At(95)), null, collector);

        Assert.Equal([4L, 5, 6, 7, 8], collector.Lsns);
        Assert.Equal((4L, 8L, ScenarioJournal.At(90)), (outcome.FirstLsn, outcome.LastLsn, outcome.LastEventAt!.Value));
    }

    [Fact]
    public async Task Run_UndecodableRecord_IsReportedAndSkipped()
    {
        await using ScenarioJournal scenario = await ScenarioJournal.CreateAsync();
        Journal.Journal journal = await Journal.Journal.OpenAsync(scenario.Directory + "-raw", new JournalOptions { SegmentBytes = 1 << 20, MaxBatchBytes = 64 << 10 }, CancellationToken.None);
        try
        {
            await journal.AppendAsync([new JournalEntry(Guid.NewGuid(), 999, 0, new byte[] { 1, 2, 3 })], CancellationToken.None);
            (ushort type, byte[] payload) = Domain.Codec.EventCodec.Encode(new NodeStopped(Guid.NewGuid(), ScenarioJournal.T0, Cause.Of(CauseKind.Startup), "x"));
            await journal.AppendAsync([new JournalEntry(Guid.NewGuid(), type, 0, payload)], CancellationToken.None);
            Collector collector = new();

            ReplayOutcome outcome = JournalReplay.Run(JournalReader.Open(scenario.Directory + "-raw"), ReplayRange.All, null, collector);

            DecodeFailure failure = Assert.Single(outcome.DecodeFailures);
            Assert.Equal((1L, (ushort)999), (failure.Lsn, failure.TypeId));
            Assert.Contains("event type 999 v1 is newer than this escni-ipamd", failure.Message, StringComparison.Ordinal);
            Assert.Equal([2L], collector.Lsns);
        }
        finally
        {
            await journal.DisposeAsync();
            System.IO.Directory.Delete(scenario.Directory + "-raw", recursive: true);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task RunParallel_SelectiveFilter_GivesTheSameOrderedEventsAsRun(int degree)
    {
        await using ScenarioJournal scenario = await ScenarioJournal.CreateAsync();
        await scenario.CloseAsync();
        JournalReader reader = JournalReader.Open(scenario.Directory);
        RecordFilter podEvents = (in JournalRecord r) => PayloadProbe.CarriesLeadingIp(r.Type) || r.Type == Domain.Codec.EventTypeIds.NodeStarted;
        Collector sequential = new();
        Collector parallel = new();

        ReplayOutcome one = JournalReplay.Run(reader, ReplayRange.All, podEvents, sequential);
        ReplayOutcome many = JournalReplay.RunParallel(reader, ReplayRange.All, podEvents, degree, minSpan: 0, [parallel]);

        Assert.Equal([1L, 4, 5, 6, 8, 14, 15, 16, 17, 18, 19, 20], sequential.Lsns);
        Assert.Equal(sequential.Lsns, parallel.Lsns);
        Assert.Equal((one.RecordsRead, one.EventsApplied, one.FirstLsn, one.LastLsn, one.LastEventAt), (many.RecordsRead, many.EventsApplied, many.FirstLsn, many.LastLsn, many.LastEventAt));
    }

    private sealed class Collector : IProjection
    {
        public List<long> Lsns { get; } = [];

        public void Apply(in RecordedEvent recorded) => Lsns.Add(recorded.Lsn);
    }
}
