using System;
using System.Linq;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Invariants;
using EsCni.Domain.Net;
using EsCni.Domain.Pool;

namespace EsCni.Domain.Tests.Pool;

/// <summary>/28 prefixes in the pool: each address goes to one pod as a /32, cools down alone, and the prefix goes back only whole and cooled.</summary>
public class NodePoolPrefixTests
{
    private static readonly Cause s_warm = Cause.Of(CauseKind.WarmPool);

    private static PoolScenario WithPrefix(out Ipv4Prefix prefix)
    {
        PoolScenario s = PoolScenario.Started(enis: 1, ipsAdded: 0);
        prefix = PoolScenario.Prefix(0, 2);
        s.Must(new RecordPoolPrefixesRequested(s.Now, s_warm, "eni-0", 1));
        s.Must(new RecordPoolPrefixesAdded(s.Now, s_warm, "eni-0", new ValueList<Ipv4Prefix>([prefix])));
        return s;
    }

    [Fact]
    public void Allocate_FromPrefix_GivesEachPodOneDistinctAddressOfIt()
    {
        PoolScenario s = WithPrefix(out Ipv4Prefix prefix);

        Allocation[] pods = Enumerable.Range(0, 16).Select(s.Allocate).ToArray();

        Assert.All(pods, a => Assert.True(prefix.Contains(a.Ip), $"{a.Ip} is outside {prefix}"));
        Assert.Equal(16, pods.Select(a => a.Ip).Distinct().Count());
        Assert.Equal("eni-0", pods[0].EniId);
        Assert.False(s.Execute(new AllocateIp(s.Now, PoolScenario.Cni, PoolScenario.Key(99), PoolScenario.PodOf(99), "ns")).Accepted);
        Assert.Empty(s.Pool.GetEnis()[0].Ips);
        Assert.Equal([prefix], s.Pool.GetEnis()[0].Prefixes);
    }

    [Fact]
    public void Release_PrefixWithOneAllocatedAddress_IsRefusedNamingTheAddress()
    {
        PoolScenario s = WithPrefix(out Ipv4Prefix prefix);
        Allocation pod = s.Allocate(1);
        s.Now += TimeSpan.FromHours(1);

        Decision decision = s.Execute(new RequestPoolPrefixesRelease(s.Now, s_warm, "eni-0", new ValueList<Ipv4Prefix>([prefix])));

        Assert.Equal(RejectionCode.PrefixInUse, decision.Rejection!.Code);
        Assert.Contains(pod.Ip.ToString(), decision.Rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Release_PrefixWhileAnAddressCoolsDown_IsRefusedUntilTheCooldownEnds()
    {
        PoolScenario s = WithPrefix(out Ipv4Prefix prefix);
        s.Allocate(1);
        s.Release(1);
        RequestPoolPrefixesRelease release = new(s.Now + PoolScenario.Cooldown - TimeSpan.FromSeconds(1), s_warm, "eni-0", new ValueList<Ipv4Prefix>([prefix]));

        Decision early = s.Execute(release);
        Decision onTime = s.Execute(release with { At = s.Now + PoolScenario.Cooldown });

        Assert.Equal(RejectionCode.PrefixInUse, early.Rejection!.Code);
        Assert.Contains("cooling down", early.Rejection.Message, StringComparison.Ordinal);
        Assert.True(onTime.Accepted, onTime.ToString());
    }

    [Fact]
    public void ReleaseRequested_Prefix_StopsHandingOutItsAddressesAndRemovalEmptiesThePool()
    {
        PoolScenario s = WithPrefix(out Ipv4Prefix prefix);
        ValueList<Ipv4Prefix> prefixes = new([prefix]);
        s.Must(new RequestPoolPrefixesRelease(s.Now, s_warm, "eni-0", prefixes));

        Decision allocate = s.Execute(new AllocateIp(s.Now, PoolScenario.Cni, PoolScenario.Key(1), PoolScenario.PodOf(1), "ns"));
        s.Must(new RecordPoolPrefixesRemoved(s.Now, s_warm, "eni-0", prefixes));

        Assert.False(allocate.Accepted);
        Assert.Equal(0, s.Pool.PrefixCount);
        Assert.Equal(0, s.Pool.GetCounts(s.Now).TotalIps);
        Assert.Empty(InvariantChecker.Check(s.Journal, expectedFirstLsn: 1));
    }

    [Fact]
    public void ReleaseFailed_Prefix_MakesItsAddressesFreeAgain()
    {
        PoolScenario s = WithPrefix(out Ipv4Prefix prefix);
        ValueList<Ipv4Prefix> prefixes = new([prefix]);
        s.Must(new RequestPoolPrefixesRelease(s.Now, s_warm, "eni-0", prefixes));

        s.Must(new RecordPoolPrefixesReleaseFailed(s.Now, s_warm, "eni-0", prefixes, "UnauthorizedOperation", "m"));

        Assert.Equal(16, s.Pool.GetFreeIps(s.Now).Count);
    }

    [Fact]
    public void ReleaseIp_OfAPrefixAddress_IsRefusedBecausePrefixesGoBackWhole()
    {
        PoolScenario s = WithPrefix(out Ipv4Prefix prefix);

        Decision decision = s.Execute(new RequestPoolIpsRelease(s.Now, s_warm, "eni-0", new ValueList<Ipv4Address>([prefix.Base])));
        Decision removal = s.Execute(new RecordPoolIpsRemoved(s.Now, s_warm, "eni-0", new ValueList<Ipv4Address>([prefix.Base])));

        Assert.Equal(RejectionCode.IpInPrefix, decision.Rejection!.Code);
        Assert.Equal(RejectionCode.IpInPrefix, removal.Rejection!.Code);
    }

    [Fact]
    public void Added_PrefixHeldByAnotherEniOrOverlappingSecondaryIps_IsRefused()
    {
        PoolScenario s = PoolScenario.Started(enis: 2, ipsAdded: 3);
        s.Must(new RecordPoolPrefixesAdded(s.Now, s_warm, "eni-0", new ValueList<Ipv4Prefix>([PoolScenario.Prefix(0, 2)])));

        Decision elsewhere = s.Execute(new RecordPoolPrefixesAdded(s.Now, s_warm, "eni-1", new ValueList<Ipv4Prefix>([PoolScenario.Prefix(0, 2)])));
        Decision overlap = s.Execute(new RecordPoolPrefixesAdded(s.Now, s_warm, "eni-0", new ValueList<Ipv4Prefix>([PoolScenario.Prefix(0, 0)])));
        Decision again = s.Execute(new RecordPoolPrefixesAdded(s.Now, s_warm, "eni-0", new ValueList<Ipv4Prefix>([PoolScenario.Prefix(0, 2)])));

        Assert.Equal(RejectionCode.PrefixConflict, elsewhere.Rejection!.Code);
        Assert.Equal(RejectionCode.PrefixConflict, overlap.Rejection!.Code);
        Assert.True(again.Accepted && again.Events.Count == 0, "a repeat of a known prefix is accepted with no events");
    }

    [Fact]
    public void Requested_Prefixes_CountOneEniSlotEachNextToSecondaryIps()
    {
        // 10 IPv4 per ENI: 9 slots; 5 secondary IPs + 3 prefixes leave room for 1.
        PoolScenario s = PoolScenario.Started(enis: 1, ipsAdded: 5);
        s.Must(new RecordPoolPrefixesAdded(s.Now, s_warm, "eni-0", new ValueList<Ipv4Prefix>([PoolScenario.Prefix(0, 2), PoolScenario.Prefix(0, 3), PoolScenario.Prefix(0, 4)])));

        Decision two = s.Execute(new RecordPoolPrefixesRequested(s.Now, s_warm, "eni-0", 2));
        Decision one = s.Execute(new RecordPoolPrefixesRequested(s.Now, s_warm, "eni-0", 1));

        Assert.Equal(RejectionCode.EniFull, two.Rejection!.Code);
        Assert.True(one.Accepted, one.ToString());
        Assert.Equal(5 + 48, s.Pool.GetCounts(s.Now).TotalIps);
    }

    [Fact]
    public void RequestFailed_InsufficientCidrBlocks_IsRememberedUntilAPrefixJoins()
    {
        PoolScenario s = PoolScenario.Started(enis: 1, ipsAdded: 0);
        s.Must(new RecordPoolPrefixesRequested(s.Now, s_warm, "eni-0", 1));
        s.Must(new RecordPoolPrefixesRequestFailed(s.Now, s_warm, "eni-0", NodePool.InsufficientCidrBlocks, "no /28 left"));
        DateTimeOffset? failed = NodePool.FromSnapshot(s.Pool.ToSnapshot()).PrefixShortageAt;

        s.Must(new RecordPoolPrefixesAdded(s.Now, s_warm, "eni-0", new ValueList<Ipv4Prefix>([PoolScenario.Prefix(0, 2)])));

        Assert.Equal(s.Now, failed);
        Assert.Null(s.Pool.PrefixShortageAt);
    }

    [Fact]
    public void Snapshot_MixedPoolWithPrefixes_RoundTripsToTheSameState()
    {
        PoolScenario s = PoolScenario.Started(enis: 2, ipsAdded: 4);
        s.Must(new RecordPoolPrefixesAdded(s.Now, s_warm, "eni-1", new ValueList<Ipv4Prefix>([PoolScenario.Prefix(1, 3)])));
        s.Must(new RecordPoolPrefixesRequested(s.Now, s_warm, "eni-1", 2));
        for (int pod = 0; pod < 12; pod++)
        {
            s.Allocate(pod);
        }

        NodePool restored = NodePool.FromSnapshot(s.Pool.ToSnapshot());

        Assert.Equal(s.Pool.ToSnapshot(), restored.ToSnapshot());
        Assert.Equal(s.Pool.GetPrefixes(), restored.GetPrefixes());
        Assert.Equal(2, restored.GetEnis()[1].PendingPrefixRequest);
        Assert.Empty(restored.FindInconsistencies());
    }

    [Fact]
    public void EniDetached_WithPrefixes_DropsThemFromThePool()
    {
        PoolScenario s = PoolScenario.Started(enis: 2, ipsAdded: 0);
        s.Must(new RecordPoolPrefixesAdded(s.Now, s_warm, "eni-1", new ValueList<Ipv4Prefix>([PoolScenario.Prefix(1, 3)])));

        s.Must(new RequestEniDetach(s.Now, s_warm, "eni-1"));
        s.Must(new RecordEniDetached(s.Now, s_warm, "eni-1"));

        Assert.Equal(0, s.Pool.PrefixCount);
        Assert.Empty(s.Pool.FindInconsistencies());
    }
}
