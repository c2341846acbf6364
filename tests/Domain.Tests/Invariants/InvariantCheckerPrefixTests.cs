using System;
using System.Collections.Generic;
using System.Linq;
using EsCni.Domain.Events;
using EsCni.Domain.Invariants;
using EsCni.Domain.Net;

namespace EsCni.Domain.Tests.Invariants;

/// <summary>Hand-made prefix-delegation journals with one planted violation each; the checker names the rule and the LSN.</summary>
public class InvariantCheckerPrefixTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly Cause s_cause = Cause.Of(CauseKind.WarmPool);
    private static readonly Ipv4Prefix s_prefix = Ipv4Prefix.Parse("10.0.3.16/28");
    private static readonly Ipv4Address s_ip = Ipv4Address.Parse("10.0.3.21");
    private static readonly IpamKey s_key = new("escni", "a", "eth0");
    private static readonly Pod s_pod = new("default", "web", "uid");

    private static List<RecordedEvent> Journal(params DomainEvent[] events) => events.Select((e, i) => new RecordedEvent(i + 1, e)).ToList();

    private static DomainEvent[] Base() =>
    [
        new NodeStarted(Guid.NewGuid(), s_t0, s_cause, "i-1", "m5.large", "az", new ValueList<string>(["10.0.0.0/16"]), 3, 10, "b", TimeSpan.FromSeconds(30)),
        new EniAttached(Guid.NewGuid(), s_t0, s_cause, "eni-0", 0, "02:00:00:00:00:00", "subnet-1", "10.0.0.0/16", Ipv4Address.Parse("10.0.0.10"), 254),
        new EniAttached(Guid.NewGuid(), s_t0, s_cause, "eni-1", 1, "02:00:00:00:00:01", "subnet-1", "10.0.0.0/16", Ipv4Address.Parse("10.0.0.11"), 2),
        new PoolPrefixesAdded(Guid.NewGuid(), s_t0, s_cause, "eni-0", new ValueList<Ipv4Prefix>([s_prefix])),
    ];

    private static IpAllocated Allocated(DateTimeOffset at) => new(Guid.NewGuid(), at, s_cause, s_ip, "eni-0", s_key, s_pod, "ns");

    private static (long Lsn, string Rule) Single(List<RecordedEvent> journal)
    {
        InvariantViolation v = Assert.Single(InvariantChecker.Check(journal, expectedFirstLsn: 1));
        return (v.Lsn, v.Rule);
    }

    [Fact]
    public void Check_AllocateReleaseThenReleasePrefixAfterCooldown_IsClean()
    {
        List<RecordedEvent> journal = Journal([.. Base(), Allocated(s_t0), new IpReleased(Guid.NewGuid(), s_t0.AddSeconds(1), s_cause, s_ip, s_key, ReleaseReason.CniDel),
            new PoolPrefixesReleaseRequested(Guid.NewGuid(), s_t0.AddSeconds(31), s_cause, "eni-0", new ValueList<Ipv4Prefix>([s_prefix])),
            new PoolPrefixesRemoved(Guid.NewGuid(), s_t0.AddSeconds(32), s_cause, "eni-0", new ValueList<Ipv4Prefix>([s_prefix]))]);

        Assert.Empty(InvariantChecker.Check(journal, expectedFirstLsn: 1));
    }

    [Fact]
    public void Check_SamePrefixOnTwoEnis_IsPrefixOnOneEni()
    {
        List<RecordedEvent> journal = Journal([.. Base(), new PoolPrefixesAdded(Guid.NewGuid(), s_t0, s_cause, "eni-1", new ValueList<Ipv4Prefix>([s_prefix]))]);

        Assert.Equal((5, InvariantRules.PrefixOnOneEni), Single(journal));
    }

    [Fact]
    public void Check_SecondaryIpInsideAPrefix_IsAddressInOnePrefix()
    {
        List<RecordedEvent> journal = Journal([.. Base(), new PoolIpsAdded(Guid.NewGuid(), s_t0, s_cause, "eni-1", new ValueList<Ipv4Address>([s_ip]))]);

        Assert.Equal((5, InvariantRules.AddressInOnePrefix), Single(journal));
    }

    [Fact]
    public void Check_AllocationFromARemovedPrefix_IsAllocatedFromAssignedPrefix()
    {
        List<RecordedEvent> journal = Journal([.. Base(),
            new PoolPrefixesRemoved(Guid.NewGuid(), s_t0, s_cause, "eni-0", new ValueList<Ipv4Prefix>([s_prefix])), Allocated(s_t0)]);

        Assert.Equal((6, InvariantRules.AllocatedFromAssignedPrefix), Single(journal));
    }

    [Fact]
    public void Check_PrefixReleasedWithAnAddressCooling_IsPrefixReleasedWhenFree()
    {
        List<RecordedEvent> journal = Journal([.. Base(), Allocated(s_t0), new IpReleased(Guid.NewGuid(), s_t0.AddSeconds(1), s_cause, s_ip, s_key, ReleaseReason.CniDel),
            new PoolPrefixesReleaseRequested(Guid.NewGuid(), s_t0.AddSeconds(10), s_cause, "eni-0", new ValueList<Ipv4Prefix>([s_prefix]))]);

        Assert.Equal((7, InvariantRules.PrefixReleasedWhenFree), Single(journal));
    }

    [Fact]
    public void Check_PrefixRemovedWhileAnAddressIsAllocated_IsRemovedIpNotAllocated()
    {
        List<RecordedEvent> journal = Journal([.. Base(), Allocated(s_t0),
            new PoolPrefixesRemoved(Guid.NewGuid(), s_t0, s_cause, "eni-0", new ValueList<Ipv4Prefix>([s_prefix]))]);

        Assert.Equal((6, InvariantRules.RemovedIpNotAllocated), Single(journal));
    }
}
