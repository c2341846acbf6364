using System;
using System.Collections.Generic;
using System.Linq;
using EsCni.Domain.Events;
using EsCni.Domain.Invariants;
using EsCni.Domain.Net;

namespace EsCni.Domain.Tests.Invariants;

/// <summary>Hand-made IPv6 journals with one planted violation each; the checker names the rule and the LSN.</summary>
public class InvariantCheckerIpv6Tests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly Cause s_cause = Cause.Of(CauseKind.CniRequest);
    private static readonly Ipv6Prefix s_slash80 = Ipv6Prefix.Parse("2600:1f14:abc:de01:1234::/80");
    private static readonly IpamKey s_a = new("escni", "a", "eth0");
    private static readonly IpamKey s_b = new("escni", "b", "eth0");
    private static readonly Pod s_pod = new("default", "web", "uid");

    private static List<RecordedEvent> Journal(params DomainEvent[] events) => events.Select((e, i) => new RecordedEvent(i + 1, e)).ToList();

    private static DomainEvent[] Base() =>
    [
        new NodeStarted(Guid.NewGuid(), s_t0, s_cause, "i-1", "m5.large", "az", new ValueList<string>(["10.0.0.0/16"]), 3, 10, "b", TimeSpan.FromSeconds(30)),
        new EniAttached(Guid.NewGuid(), s_t0, s_cause, "eni-0", 0, "02:00:00:00:00:00", "subnet-1", "10.0.0.0/16", Ipv4Address.Parse("10.0.0.10"), 254),
        new Ipv6PrefixRequested(Guid.NewGuid(), s_t0, s_cause, "eni-0"),
        new Ipv6PrefixAdded(Guid.NewGuid(), s_t0, s_cause, "eni-0", s_slash80, Ipv6PrefixAdded.FromEc2),
    ];

    private static Ipv6Allocated Allocated(ulong offset, IpamKey key) => new(Guid.NewGuid(), s_t0, s_cause, s_slash80.AddressAt(offset), "eni-0", key, s_pod, "ns");

    private static Ipv6Released Released(ulong offset, IpamKey key) => new(Guid.NewGuid(), s_t0, s_cause, s_slash80.AddressAt(offset), "eni-0", key, s_pod, ReleaseReason.CniDel);

    private static (long Lsn, string Rule) Single(List<RecordedEvent> journal)
    {
        InvariantViolation v = Assert.Single(InvariantChecker.Check(journal, expectedFirstLsn: 1));
        return (v.Lsn, v.Rule);
    }

    [Fact]
    public void Check_AllocateReleaseAllocateNext_IsClean()
    {
        Assert.Empty(InvariantChecker.Check(Journal([.. Base(), Allocated(1, s_a), Released(1, s_a), Allocated(2, s_a), Allocated(3, s_b)]), expectedFirstLsn: 1));
    }

    [Fact]
    public void Check_AddressGivenToTwoKeys_IsSingleOwnerAndReuse()
    {
        IReadOnlyList<InvariantViolation> violations = InvariantChecker.Check(Journal([.. Base(), Allocated(1, s_a), Allocated(1, s_b)]), expectedFirstLsn: 1);

        Assert.Equal([(6L, InvariantRules.SingleOwner), (6L, InvariantRules.Ipv6NeverReused)], violations.Select(v => (v.Lsn, v.Rule)));
    }

    [Fact]
    public void Check_AddressOutsideEveryHeldSlash80_IsIpv6InNodePrefix()
    {
        Ipv6Allocated outside = Allocated(1, s_a) with { Address = Ipv6Address.Parse("2600:1f14:abc:de01:9999::1") };

        Assert.Equal((5, InvariantRules.Ipv6InNodePrefix), Single(Journal([.. Base(), outside])));
    }

    [Fact]
    public void Check_AddressReusedAfterRelease_IsIpv6NeverReused()
    {
        Assert.Equal((7, InvariantRules.Ipv6NeverReused), Single(Journal([.. Base(), Allocated(1, s_a), Released(1, s_a), Allocated(1, s_b)])));
    }

    [Fact]
    public void Check_SecondRequestWhileOneIsPending_IsOneIpv6PrefixRequest()
    {
        DomainEvent[] events = [.. Base().Take(3), new Ipv6PrefixRequested(Guid.NewGuid(), s_t0, s_cause, "eni-0")];

        Assert.Equal((4, InvariantRules.OneIpv6PrefixRequest), Single(Journal(events)));
    }

    [Fact]
    public void Check_ReleaseNamingAnotherKey_IsReleaseMatchesOwner()
    {
        Assert.Equal((6, InvariantRules.ReleaseMatchesOwner), Single(Journal([.. Base(), Allocated(1, s_a), Released(1, s_b)])));
    }
}
