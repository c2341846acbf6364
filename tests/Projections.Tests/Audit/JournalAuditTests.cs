using System;
using System.Linq;
using System.Threading.Tasks;
using EsCni.Domain.Events;
using EsCni.Domain.Invariants;
using EsCni.Domain.Net;
using EsCni.Journal;
using EsCni.Projections.Audit;
using EsCni.Projections.Stats;
using EsCni.Projections.Tests.Support;
using EsCni.Testing;

namespace EsCni.Projections.Tests.Audit;

public sealed class JournalAuditTests
{
    [Fact]
    public async Task Run_ScenarioJournal_IsCleanAndFeedsOtherProjectionsInTheSamePass()
    {
        await using ScenarioJournal scenario = await ScenarioJournal.CreateAsync();
        await scenario.CloseAsync();
        JournalStatsProjection stats = new();

        AuditReport report = JournalAudit.Run(JournalReader.Open(scenario.Directory), stats);

        Assert.True(report.IsClean, string.Join("\n", report.Violations));
        Assert.Equal(25, report.EventsChecked);
        Assert.Equal(25, stats.Stats.Events);
        Assert.Equal(2, stats.Stats.Restarts);
    }

    [Fact]
    public async Task Run_PlantedDoubleOwnerAndUnknownType_ReportsBothWithLsns()
    {
        await using ScenarioJournal scenario = await ScenarioJournal.CreateAsync();
        long planted = await scenario.AppendRawAsync(new IpAllocated(Guid.NewGuid(), ScenarioJournal.At(300), Cause.Of(CauseKind.CniRequest),
            Ipv4Address.Parse("10.0.1.10"), "eni-primary", ScenarioJournal.Key(9), ScenarioJournal.Pod(9), "/ns"));
        await scenario.AppendRawAsync(new NodeStopped(Guid.NewGuid(), ScenarioJournal.At(301), Cause.Of(CauseKind.Startup), "after"));
        await scenario.CloseAsync();

        AuditReport report = JournalAudit.Run(JournalReader.Open(scenario.Directory));

        Assert.False(report.IsClean);
        InvariantViolation violation = Assert.Single(report.Violations);
        Assert.Equal((planted, InvariantRules.SingleOwner), (violation.Lsn, violation.Rule));
        Assert.Equal(27, report.EventsChecked);
    }
}
