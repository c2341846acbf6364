using System;
using System.Linq;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Domain.Pool;

namespace EsCni.Domain.Tests.Pool;

/// <summary>IPv6: one /80 per node (request → added / failed), addresses handed out by a cursor and never reused, release through ReleaseIpByKey.</summary>
public class NodePoolIpv6Tests
{
    internal static readonly Ipv6Prefix Slash80 = Ipv6Prefix.Parse("2600:1f14:abc:de01:1234::/80");
    private static readonly Cause s_startup = Cause.Of(CauseKind.Startup);

    internal static PoolScenario WithSlash80()
    {
        PoolScenario s = PoolScenario.Started(enis: 1, ipsAdded: 0);
        s.Must(new RequestIpv6Prefix(s.Now, s_startup, "eni-0"));
        s.Must(new RecordIpv6PrefixAdded(s.Now, s_startup, "eni-0", Slash80, Ipv6PrefixAdded.FromEc2));
        return s;
    }

    private static AllocateIpv6 Add(PoolScenario s, int n) => new(s.Now, PoolScenario.Cni, PoolScenario.Key(n), PoolScenario.PodOf(n), $"/var/run/netns/{n}");

    [Fact]
    public void RequestThenAdded_GivesTheNodeItsSlash80AndClearsThePendingRequest()
    {
        PoolScenario s = PoolScenario.Started(enis: 1, ipsAdded: 0);
        s.Must(new RequestIpv6Prefix(s.Now, s_startup, "eni-0"));
        Assert.Equal("eni-0", s.Pool.PendingIpv6PrefixEni);

        s.Must(new RecordIpv6PrefixAdded(s.Now, s_startup, "eni-0", Slash80, Ipv6PrefixAdded.FromEc2));

        Assert.Null(s.Pool.PendingIpv6PrefixEni);
        Assert.Equal([new Ipv6PrefixInfo("eni-0", Slash80, s.Now)], s.Pool.Ipv6Prefixes);
        Assert.IsType<Ipv6PrefixAdded>(s.Journal[^1].Event);
    }

    [Fact]
    public void Request_WhilePendingOrWithASlash80_IsRefused()
    {
        PoolScenario s = PoolScenario.Started(enis: 1, ipsAdded: 0);
        s.Must(new RequestIpv6Prefix(s.Now, s_startup, "eni-0"));
        Assert.Equal(RejectionCode.RequestInFlight, s.Execute(new RequestIpv6Prefix(s.Now, s_startup, "eni-0")).Rejection!.Code);

        s.Must(new RecordIpv6PrefixAdded(s.Now, s_startup, "eni-0", Slash80, Ipv6PrefixAdded.FromEc2));
        Decision again = s.Execute(new RequestIpv6Prefix(s.Now, s_startup, "eni-0"));

        Assert.Equal(RejectionCode.PrefixConflict, again.Rejection!.Code);
        Assert.Contains(Slash80.ToString(), again.Rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Added_SameSlash80Again_IsAcceptedWithNoEvent_AndNotASlash80IsRefused()
    {
        PoolScenario s = WithSlash80();
        int events = s.Journal.Count;

        Assert.Empty(s.Must(new RecordIpv6PrefixAdded(s.Now, s_startup, "eni-0", Slash80, Ipv6PrefixAdded.FromImds)).Events);
        Decision slash64 = s.Execute(new RecordIpv6PrefixAdded(s.Now, s_startup, "eni-0", Ipv6Prefix.Parse("2600:1f14:abc:de01::/64"), Ipv6PrefixAdded.FromImds));
        Decision badSource = s.Execute(new RecordIpv6PrefixAdded(s.Now, s_startup, "eni-0", Slash80, "guess"));

        Assert.Equal(events, s.Journal.Count);
        Assert.Equal(RejectionCode.PrefixConflict, slash64.Rejection!.Code);
        Assert.Contains("/80", slash64.Rejection.Message, StringComparison.Ordinal);
        Assert.Equal(RejectionCode.InvalidCommand, badSource.Rejection!.Code);
    }

    [Fact]
    public void Added_FromImdsWithoutARequest_AdoptsTheSlash80()
    {
        PoolScenario s = PoolScenario.Started(enis: 1, ipsAdded: 0);

        s.Must(new RecordIpv6PrefixAdded(s.Now, s_startup, "eni-0", Slash80, Ipv6PrefixAdded.FromImds));

        Assert.Equal(Ipv6PrefixAdded.FromImds, Assert.IsType<Ipv6PrefixAdded>(s.Journal[^1].Event).Source);
        Assert.Single(s.Pool.Ipv6Prefixes);
    }

    [Fact]
    public void RequestFailed_ClearsThePending_AndWithoutOneIsRefused()
    {
        PoolScenario s = PoolScenario.Started(enis: 1, ipsAdded: 0);
        Assert.Equal(RejectionCode.NothingPending, s.Execute(new RecordIpv6PrefixRequestFailed(s.Now, s_startup, "eni-0", "boom")).Rejection!.Code);
        s.Must(new RequestIpv6Prefix(s.Now, s_startup, "eni-0"));

        s.Must(new RecordIpv6PrefixRequestFailed(s.Now, s_startup, "eni-0", "InsufficientCidrBlocks"));

        Assert.Null(s.Pool.PendingIpv6PrefixEni);
        Assert.Empty(s.Pool.Ipv6Prefixes);
        s.Must(new RequestIpv6Prefix(s.Now, s_startup, "eni-0"));
    }

    [Fact]
    public void AllocateIpv6_WithoutASlash80_IsRefusedAsAShortageSayingOneIsRequested()
    {
        PoolScenario s = PoolScenario.Started(enis: 1, ipsAdded: 0);
        s.Must(new RequestIpv6Prefix(s.Now, s_startup, "eni-0"));

        Rejection rejection = s.Execute(Add(s, 1)).Rejection!;

        Assert.Equal(RejectionCode.NoIpv6Prefix, rejection.Code);
        Assert.True(rejection.IsIpShortage);
        Assert.Contains("no IPv6 /80 yet", rejection.Message, StringComparison.Ordinal);
        Assert.Contains("requesting one on ENI eni-0", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllocateIpv6_HandsOutOffsetsOneTwoThree_AndIsIdempotentPerKey()
    {
        PoolScenario s = WithSlash80();

        Ipv6Allocation[] pods = Enumerable.Range(1, 3).Select(n => s.Must(Add(s, n)).Ipv6Allocation!).ToArray();
        Decision repeat = s.Must(Add(s, 2));

        Assert.Equal(["2600:1f14:abc:de01:1234::1", "2600:1f14:abc:de01:1234::2", "2600:1f14:abc:de01:1234::3"], pods.Select(p => p.Address.ToString()));
        Assert.Empty(repeat.Events);
        Assert.Equal(pods[1].Address, repeat.Ipv6Allocation!.Address);
        Assert.Equal(4UL, s.Pool.NextIpv6Offset);
        Assert.True(s.Pool.TryGetIpv6Allocation(pods[2].Address, out Ipv6Allocation? third));
        Assert.Equal(PoolScenario.Key(3), third.Key);
        Assert.Equal(s.Journal.Count, third.AllocatedLsn);
        Assert.False(s.Pool.TryGetAllocation(PoolScenario.Key(3), out _));
        Assert.Equal(3, s.Pool.GetIpv6Allocations().Count);
    }

    [Fact]
    public void ReleaseIpByKey_EndsTheIpv6Allocation_AndTheAddressIsNeverHandedOutAgain()
    {
        PoolScenario s = WithSlash80();
        Ipv6Allocation first = s.Must(Add(s, 1)).Ipv6Allocation!;

        Decision release = s.Must(new ReleaseIpByKey(s.Now, PoolScenario.Cni, PoolScenario.Key(1), ReleaseReason.RuntimeGc) { RequestId = "r1", Evidence = "gone" });
        s.Now += TimeSpan.FromDays(1);
        Ipv6Allocation again = s.Must(Add(s, 1)).Ipv6Allocation!;

        Ipv6Released released = Assert.IsType<Ipv6Released>(Assert.Single(release.Events));
        Assert.Equal((first.Address, "eni-0", ReleaseReason.RuntimeGc, "r1", "gone", PoolScenario.PodOf(1)),
            (released.Address, released.EniId, released.Reason, released.RequestId, released.Evidence, released.Pod));
        Assert.Equal(first with { AllocatedLsn = s.Journal.Count - 2 }, release.Ipv6Allocation);
        Assert.NotEqual(first.Address, again.Address);
        Assert.Equal(Slash80.AddressAt(2), again.Address);
    }

    [Fact]
    public void ReleaseIpByKey_NarrowedToAnotherAddressOrLsnOrToIpv4_LeavesTheIpv6AllocationAlone()
    {
        PoolScenario s = WithSlash80();
        s.Must(Add(s, 1));
        IpamKey key = PoolScenario.Key(1);
        Assert.True(s.Pool.TryGetIpv6Allocation(key, out Ipv6Allocation? pod));

        Assert.Empty(s.Must(new ReleaseIpByKey(s.Now, PoolScenario.Cni, key, ReleaseReason.DeferredDel) { OnlyIpv6 = Slash80.AddressAt(9) }).Events);
        Assert.Empty(s.Must(new ReleaseIpByKey(s.Now, PoolScenario.Cni, key, ReleaseReason.DeferredDel) { AllocatedLsn = pod.AllocatedLsn + 1 }).Events);
        Assert.Empty(s.Must(new ReleaseIpByKey(s.Now, PoolScenario.Cni, key, ReleaseReason.DeferredDel) { OnlyIp = PoolScenario.Ip(0, 1) }).Events);
        Assert.True(s.Pool.TryGetIpv6Allocation(key, out _));

        Assert.Single(s.Must(new ReleaseIpByKey(s.Now, PoolScenario.Cni, key, ReleaseReason.DeferredDel) { OnlyIpv6 = pod.Address, AllocatedLsn = pod.AllocatedLsn }).Events);
        Assert.False(s.Pool.TryGetIpv6Allocation(key, out _));
    }

    [Fact]
    public void Allocate_AtTheLastOffset_IsRefusedNotWrapped()
    {
        PoolScenario s = WithSlash80();
        // A journal in which the cursor reached the end: an allocation of the /80's last address.
        s.Pool.Apply(new RecordedEvent(s.Journal.Count + 1, new Ipv6Allocated(Guid.NewGuid(), s.Now, PoolScenario.Cni, Slash80.AddressAt(Slash80.LastOffset), "eni-0",
            PoolScenario.Key(1), PoolScenario.PodOf(1), "ns")));

        Rejection rejection = s.Pool.Decide(Add(s, 2)).Rejection!;

        Assert.Equal(RejectionCode.Ipv6PrefixExhausted, rejection.Code);
        Assert.Contains("never reused", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_RoundTrip_KeepsSlash80AllocationsCursorAndPending()
    {
        PoolScenario s = WithSlash80();
        s.Must(Add(s, 1));
        s.Must(Add(s, 2));
        s.Release(1);

        NodePool restored = NodePool.FromSnapshot(s.Pool.ToSnapshot());
        NodePool rebuilt = NodePool.Rebuild(s.Journal);

        Assert.Equal(s.Pool.ToSnapshot(), restored.ToSnapshot());
        Assert.Equal(s.Pool.ToSnapshot(), rebuilt.ToSnapshot());
        Assert.Equal(3UL, restored.NextIpv6Offset);
        Assert.Equal(Slash80.AddressAt(3), restored.Decide(Add(s, 3)).Ipv6Allocation!.Address);
        Assert.Equal(s.Pool.GetIpv6Allocations(), restored.GetIpv6Allocations());
        Assert.Empty(restored.FindInconsistencies());
    }

    [Fact]
    public void Snapshot_WithPendingRequest_KeepsIt()
    {
        PoolScenario s = PoolScenario.Started(enis: 1, ipsAdded: 0);
        s.Must(new RequestIpv6Prefix(s.Now, s_startup, "eni-0"));

        Assert.Equal("eni-0", NodePool.FromSnapshot(s.Pool.ToSnapshot()).PendingIpv6PrefixEni);
    }
}
