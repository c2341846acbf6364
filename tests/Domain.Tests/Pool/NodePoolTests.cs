using System;
using System.Linq;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Pool;

namespace EsCni.Domain.Tests.Pool;

public class NodePoolTests
{
    [Fact]
    public void AllocateIp_SameKeyTwice_ReturnsSameIpWithoutEvents()
    {
        PoolScenario s = PoolScenario.Started();
        Allocation first = s.Allocate(1);
        int journalLength = s.Journal.Count;

        Decision again = s.Must(new AllocateIp(s.Now, PoolScenario.Cni, PoolScenario.Key(1), PoolScenario.PodOf(1), "/var/run/netns/1"));

        Assert.Empty(again.Events);
        Assert.Equal(first.Ip, again.Allocation!.Ip);
        Assert.Equal(journalLength, s.Journal.Count);
    }

    [Fact]
    public void ReleaseIpByKey_Twice_SecondIsAcceptedWithoutEvents()
    {
        PoolScenario s = PoolScenario.Started();
        s.Allocate(1);

        Decision first = s.Release(1);
        Decision second = s.Release(1);

        Assert.Single(first.Events);
        Assert.True(second.Accepted);
        Assert.Empty(second.Events);
        Assert.Equal(0, s.Pool.AllocationCount);
    }

    [Fact]
    public void AllocateIp_AfterRelease_DoesNotReuseIpInsideCooldown()
    {
        PoolScenario s = PoolScenario.Started(ipsAdded: 1);
        Allocation first = s.Allocate(1);
        s.Release(1);

        s.Now += TimeSpan.FromSeconds(29);
        Decision during = s.Execute(new AllocateIp(s.Now, PoolScenario.Cni, PoolScenario.Key(2), PoolScenario.PodOf(2), "ns"));
        s.Now += TimeSpan.FromSeconds(1);
        Decision after = s.Execute(new AllocateIp(s.Now, PoolScenario.Cni, PoolScenario.Key(2), PoolScenario.PodOf(2), "ns"));

        Assert.False(during.Accepted);
        Assert.Equal(RejectionCode.NoIpAvailable, during.Rejection!.Code);
        Assert.Contains("1 cooling down", during.Rejection.Message, StringComparison.Ordinal);
        Assert.True(after.Accepted);
        Assert.Equal(first.Ip, after.Allocation!.Ip);
    }

    [Fact]
    public void Cooldown_AfterRebuildAndSnapshot_StillHolds()
    {
        PoolScenario s = PoolScenario.Started(ipsAdded: 1);
        s.Allocate(1);
        s.Release(1);
        s.Now += TimeSpan.FromSeconds(10);
        AllocateIp command = new(s.Now, PoolScenario.Cni, PoolScenario.Key(2), PoolScenario.PodOf(2), "ns");

        NodePool rebuilt = NodePool.Rebuild(s.Journal);
        NodePool restored = NodePool.FromSnapshot(s.Pool.ToSnapshot());

        Assert.Equal(RejectionCode.NoIpAvailable, rebuilt.Decide(command).Rejection!.Code);
        Assert.Equal(RejectionCode.NoIpAvailable, restored.Decide(command).Rejection!.Code);
        Assert.Single(rebuilt.GetCoolingIps(s.Now));
    }

    [Fact]
    public void AllocateIp_SeveralFree_PicksReleasedLongestAgoThenNeverUsedFirst()
    {
        PoolScenario s = PoolScenario.Started(ipsAdded: 3);
        Allocation a = s.Allocate(1);
        Allocation b = s.Allocate(2);
        Allocation c = s.Allocate(3);
        s.Release(2);
        s.Now += TimeSpan.FromSeconds(5);
        s.Release(1);
        s.Now += TimeSpan.FromSeconds(5);
        s.Release(3);
        s.Now += TimeSpan.FromMinutes(5);

        Assert.Equal([b.Ip, a.Ip, c.Ip], s.Pool.GetFreeIps(s.Now));
        Assert.Equal(b.Ip, s.Allocate(4).Ip);
        Assert.Equal(a.Ip, s.Allocate(5).Ip);
    }

    [Fact]
    public void AllocateIp_FreshPool_NeverUsedIpsGoInAddressOrderAndPrimaryIpIsNeverGiven()
    {
        PoolScenario s = PoolScenario.Started(ipsAdded: 2);

        Allocation first = s.Allocate(1);
        Allocation second = s.Allocate(2);
        Decision third = s.Execute(new AllocateIp(s.Now, PoolScenario.Cni, PoolScenario.Key(3), PoolScenario.PodOf(3), "ns"));

        Assert.Equal(PoolScenario.Ip(0, 1), first.Ip);
        Assert.Equal(PoolScenario.Ip(0, 2), second.Ip);
        Assert.Equal(254, first.RouteTableId);
        Assert.Equal(RejectionCode.NoIpAvailable, third.Rejection!.Code);
    }

    [Fact]
    public void Allocation_OnSecondaryEni_UsesDevicePlusOneRouteTable()
    {
        PoolScenario s = PoolScenario.Started(enis: 2, ipsAdded: 0);
        s.Must(new RecordPoolIpsAdded(s.Now, PoolScenario.Cni, PoolScenario.EniId(1), PoolScenario.IpsOf(1, 1)));

        Allocation allocation = s.Allocate(1);

        Assert.Equal(PoolScenario.EniId(1), allocation.EniId);
        Assert.Equal(2, allocation.RouteTableId);
        Assert.Equal(1, allocation.DeviceIndex);
    }

    [Fact]
    public void RequestEniDetach_EniWithAllocation_IsRejectedNamingTheCount()
    {
        PoolScenario s = PoolScenario.Started(enis: 2, ipsAdded: 0);
        s.Must(new RecordPoolIpsAdded(s.Now, PoolScenario.Cni, PoolScenario.EniId(1), PoolScenario.IpsOf(1, 1)));
        s.Allocate(1);

        Decision decision = s.Execute(new RequestEniDetach(s.Now, PoolScenario.Cni, PoolScenario.EniId(1)));

        Assert.Equal(RejectionCode.EniHasAllocations, decision.Rejection!.Code);
        Assert.Contains("1 allocations", decision.Rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void QuarantineAllocation_KeepsIpOwnedUntilExplicitRelease()
    {
        PoolScenario s = PoolScenario.Started(ipsAdded: 1);
        Allocation allocation = s.Allocate(1);

        s.Must(new QuarantineAllocation(s.Now, PoolScenario.Cni, allocation.Ip, "host veth missing"));
        s.Now += TimeSpan.FromHours(1);

        Assert.True(s.Pool.TryGetAllocation(allocation.Ip, out Allocation? flagged));
        Assert.True(flagged.IsQuarantined);
        Assert.Empty(s.Pool.GetFreeIps(s.Now));
        s.Must(new ReleaseIp(s.Now, PoolScenario.Cni, allocation.Ip, ReleaseReason.Reconcile));
        Assert.Equal(0, s.Pool.AllocationCount);
    }

    [Fact]
    public void Decide_DoesNotMutateState()
    {
        PoolScenario s = PoolScenario.Started();
        byte[] before = s.Pool.ToSnapshot();

        Decision decision = s.Pool.Decide(new AllocateIp(s.Now, PoolScenario.Cni, PoolScenario.Key(1), PoolScenario.PodOf(1), "ns"));

        Assert.Single(decision.Events);
        Assert.Equal(before, s.Pool.ToSnapshot());
    }

    [Fact]
    public void Decide_SameStateAndCommand_GivesSameEventId()
    {
        PoolScenario s = PoolScenario.Started();
        AllocateIp command = new(s.Now, PoolScenario.Cni, PoolScenario.Key(1), PoolScenario.PodOf(1), "ns");

        Assert.Equal(s.Pool.Decide(command).Events[0].EventId, s.Pool.Decide(command).Events[0].EventId);
    }

    [Fact]
    public void Apply_SameLsnTwice_Throws()
    {
        PoolScenario s = PoolScenario.Started();

        ArgumentException error = Assert.Throws<ArgumentException>(() => s.Pool.Apply(s.Journal[^1]));

        Assert.Contains("LSN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_BeforeInitNode_IsRejected()
    {
        NodePool pool = new();

        Decision decision = pool.Decide(new AllocateIp(PoolScenario.T0, PoolScenario.Cni, PoolScenario.Key(1), PoolScenario.PodOf(1), "ns"));

        Assert.Equal(RejectionCode.NodeNotStarted, decision.Rejection!.Code);
    }

    [Fact]
    public void RecordPoolIpsAdded_ThePrimaryIp_IsRejected()
    {
        PoolScenario s = PoolScenario.Started(ipsAdded: 0);

        Decision decision = s.Execute(new RecordPoolIpsAdded(s.Now, PoolScenario.Cni, PoolScenario.EniId(0), new ValueList<Net.Ipv4Address>([PoolScenario.Ip(0, 200)])));

        Assert.Equal(RejectionCode.IpOnAnotherEni, decision.Rejection!.Code);
        Assert.Empty(s.Pool.GetFreeIps(s.Now));
    }

    [Fact]
    public void RequestPoolIpsRelease_StopsHandingOutThoseIps()
    {
        PoolScenario s = PoolScenario.Started(ipsAdded: 2);
        s.Must(new RequestPoolIpsRelease(s.Now, PoolScenario.Cni, PoolScenario.EniId(0), new ValueList<Net.Ipv4Address>([PoolScenario.Ip(0, 1)])));

        Allocation allocation = s.Allocate(1);

        Assert.Equal(PoolScenario.Ip(0, 2), allocation.Ip);
        Assert.Equal(1, s.Pool.GetCounts(s.Now).Unavailable);
        Assert.Empty(s.Pool.GetFreeIps(s.Now));
        Assert.Equal(2, s.Pool.GetEnis().Single().Ips.Count);
    }
}
