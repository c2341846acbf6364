using System;
using System.Collections.Generic;
using System.Linq;
using EsCni.Domain.Events;
using EsCni.Domain.Invariants;
using EsCni.Domain.Net;

namespace EsCni.Domain.Tests.Invariants;

/// <summary>Hand-made journals with one planted violation each; the checker must name the rule and the LSN.</summary>
public class InvariantCheckerTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly Cause s_cause = Cause.Of(CauseKind.CniRequest);
    private static readonly Ipv4Address s_ip = Ipv4Address.Parse("10.0.1.5");
    private static readonly IpamKey s_keyA = new("escni", "a", "eth0");
    private static readonly IpamKey s_keyB = new("escni", "b", "eth0");
    private static readonly Pod s_pod = new("default", "web", "uid");

    private static List<RecordedEvent> Journal(params DomainEvent[] events) =>
        events.Select((e, i) => new RecordedEvent(i + 1, e)).ToList();

    private static DomainEvent[] Base() =>
    [
        new NodeStarted(Guid.NewGuid(), s_t0, s_cause, "i-1", "m5.large", "az", new ValueList<string>(["10.0.0.0/16"]), 3, 10, "b", TimeSpan.FromSeconds(30)),
        new EniAttached(Guid.NewGuid(), s_t0, s_cause, "eni-1", 1, "02:00:00:00:00:01", "subnet-1", "10.0.1.0/24", Ipv4Address.Parse("10.0.1.200"), 2),
        new PoolIpsAdded(Guid.NewGuid(), s_t0, s_cause, "eni-1", new ValueList<Ipv4Address>([s_ip])),
    ];

    private static IpAllocated Allocated(IpamKey key, DateTimeOffset at, string eni = "eni-1") => new(Guid.NewGuid(), at, s_cause, s_ip, eni, key, s_pod, "ns");

    private static IpReleased Released(IpamKey key, DateTimeOffset at) => new(Guid.NewGuid(), at, s_cause, s_ip, key, ReleaseReason.CniDel);

    [Fact]
    public void Check_CleanJournal_FindsNothing()
    {
        List<RecordedEvent> journal = Journal([.. Base(), Allocated(s_keyA, s_t0), Released(s_keyA, s_t0.AddSeconds(1)), Allocated(s_keyB, s_t0.AddSeconds(31))]);

        Assert.Empty(InvariantChecker.Check(journal, expectedFirstLsn: 1));
    }

    [Fact]
    public void Check_DoubleOwner_ReportsSingleOwnerAtSecondAllocation()
    {
        List<RecordedEvent> journal = Journal([.. Base(), Allocated(s_keyA, s_t0), Allocated(s_keyB, s_t0)]);

        InvariantViolation violation = Assert.Single(InvariantChecker.Check(journal));

        Assert.Equal((5L, InvariantRules.SingleOwner), (violation.Lsn, violation.Rule));
        Assert.Contains("10.0.1.5", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ReuseInsideCooldown_ReportsCooldownAtReallocation()
    {
        List<RecordedEvent> journal = Journal([.. Base(), Allocated(s_keyA, s_t0), Released(s_keyA, s_t0.AddSeconds(1)), Allocated(s_keyB, s_t0.AddSeconds(11))]);

        InvariantViolation violation = Assert.Single(InvariantChecker.Check(journal));

        Assert.Equal((6L, InvariantRules.CooldownRespected), (violation.Lsn, violation.Rule));
        Assert.Contains("10 s after", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AllocationOnDetachedEni_ReportsAttachedEniRule()
    {
        List<RecordedEvent> journal = Journal([.. Base(), new EniDetached(Guid.NewGuid(), s_t0, s_cause, "eni-1"), Allocated(s_keyA, s_t0)]);

        IReadOnlyList<InvariantViolation> violations = InvariantChecker.Check(journal);

        Assert.Contains(violations, v => v.Lsn == 5 && v.Rule == InvariantRules.AllocatedOnAttachedEni);
        Assert.Contains(violations, v => v.Lsn == 5 && v.Rule == InvariantRules.RemovedIpNotAllocated);
    }

    [Fact]
    public void Check_LsnGap_ReportsGapAndKeepsGoing()
    {
        List<RecordedEvent> journal = Journal([.. Base(), Allocated(s_keyA, s_t0), Allocated(s_keyB, s_t0)]);
        journal[3] = journal[3] with { Lsn = 7 };
        journal[4] = journal[4] with { Lsn = 8 };

        IReadOnlyList<InvariantViolation> violations = InvariantChecker.Check(journal);

        Assert.Equal([(7L, InvariantRules.LsnContiguous), (8L, InvariantRules.SingleOwner)], violations.Select(v => (v.Lsn, v.Rule)));
    }

    [Fact]
    public void Check_DetachWithAllocations_ReportsAtDetach()
    {
        List<RecordedEvent> journal = Journal([.. Base(), Allocated(s_keyA, s_t0), new EniDetached(Guid.NewGuid(), s_t0, s_cause, "eni-1")]);

        InvariantViolation violation = Assert.Single(InvariantChecker.Check(journal));

        Assert.Equal((5L, InvariantRules.DetachWithoutAllocations), (violation.Lsn, violation.Rule));
    }

    [Fact]
    public void Check_AllocationOfRemovedIp_ReportsRemovedRule()
    {
        List<RecordedEvent> journal = Journal([.. Base(), new PoolIpsRemoved(Guid.NewGuid(), s_t0, s_cause, "eni-1", new ValueList<Ipv4Address>([s_ip])), Allocated(s_keyA, s_t0)]);

        InvariantViolation violation = Assert.Single(InvariantChecker.Check(journal));

        Assert.Equal((5L, InvariantRules.RemovedIpNotAllocated), (violation.Lsn, violation.Rule));
    }

    [Fact]
    public void Observe_Incrementally_ReportsEachViolationWhenItsEventArrives()
    {
        List<RecordedEvent> journal = Journal([.. Base(), Allocated(s_keyA, s_t0), Allocated(s_keyB, s_t0), Released(s_keyA, s_t0)]);
        InvariantChecker checker = new(expectedFirstLsn: 1);

        int[] added = journal.Select(checker.Observe).ToArray();

        Assert.Equal([0, 0, 0, 0, 1, 1], added);
        Assert.Equal(InvariantRules.ReleaseMatchesOwner, checker.Violations[^1].Rule);
    }
}
