using System;
using System.Linq;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Invariants;
using EsCni.Domain.Net;
using EsCni.Domain.Pool;
using EsCni.Domain.WarmPool;

namespace EsCni.Domain.Tests.Pool;

/// <summary>Holds: IPs evidence outside the journal shows in use are never handed out, survive rebuild and snapshot, and lift only on an explicit event.</summary>
public class NodePoolHoldTests
{
    private static readonly Cause Scan = Cause.Of(CauseKind.Reconciler);

    private static HoldIp HostHold(PoolScenario s, Ipv4Address ip) =>
        new(s.Now, Scan, ip, HoldSource.HostRoute, $"/32 route to {ip} via eni0123456789a, peer in netnsid 3", "eni0123456789a", "netnsid 3", 2, s.Now);

    [Fact]
    public void AllocateIp_NeverPicksAHeldIp_AndPicksItAfterTheLift()
    {
        PoolScenario s = PoolScenario.Started(ipsAdded: 3);
        s.Must(HostHold(s, PoolScenario.Ip(0, 1)));
        s.Must(HostHold(s, PoolScenario.Ip(0, 2)));

        Assert.Equal(PoolScenario.Ip(0, 3), s.Allocate(1).Ip);
        Assert.Equal(RejectionCode.NoIpAvailable, s.Execute(new AllocateIp(s.Now, PoolScenario.Cni, PoolScenario.Key(2), PoolScenario.PodOf(2), "ns")).Rejection!.Code);

        s.Must(new LiftHold(s.Now, Scan, PoolScenario.Ip(0, 2), "route and veth gone in 2 scans"));
        Assert.Equal(PoolScenario.Ip(0, 2), s.Allocate(2).Ip);
        Assert.Equal([PoolScenario.Ip(0, 1)], s.Pool.GetHolds().Select(h => h.Ip));
    }

    [Fact]
    public void HoldIp_BeforeTheIpJoinsThePool_KeepsItOutOfTheFreeSet()
    {
        PoolScenario s = PoolScenario.Started(ipsAdded: 0);
        s.Must(HostHold(s, PoolScenario.Ip(0, 5)));

        s.Must(new RecordPoolIpsAdded(s.Now, PoolScenario.Cni, PoolScenario.EniId(0), PoolScenario.IpsOf(0, 5)));

        Assert.DoesNotContain(PoolScenario.Ip(0, 5), s.Pool.GetFreeIps(s.Now));
        Assert.Equal(4, s.Pool.GetFreeIps(s.Now).Count);
        Assert.Equal(1, s.Pool.GetCounts(s.Now).Unavailable);
    }

    [Fact]
    public void HoldIp_Repeated_RecordsOneEvent_AndAnAllocatedIpIsRefused()
    {
        PoolScenario s = PoolScenario.Started(ipsAdded: 3);
        Allocation mine = s.Allocate(1);

        Assert.Single(s.Must(HostHold(s, PoolScenario.Ip(0, 3))).Events);
        Assert.Empty(s.Must(HostHold(s, PoolScenario.Ip(0, 3))).Events);
        Assert.Equal(RejectionCode.IpAllocated, s.Execute(HostHold(s, mine.Ip)).Rejection!.Code);
        Assert.Empty(s.Must(new LiftHold(s.Now, Scan, PoolScenario.Ip(0, 9), "never held")).Events);
    }

    [Fact]
    public void WarmPoolView_CountsAHeldIpAsInUse_AndNeverOffersItBackToEc2()
    {
        PoolScenario s = PoolScenario.Started(ipsAdded: 3);
        s.Must(HostHold(s, PoolScenario.Ip(0, 1)));

        WarmPoolEni eni = s.Pool.GetWarmPoolView(s.Now).Enis.Single();
        Assert.Equal(1, eni.AllocatedCount);
        Assert.DoesNotContain(PoolScenario.Ip(0, 1), eni.ReleasableIps.AsSpan().ToArray());
        Decision release = s.Execute(new RequestPoolIpsRelease(s.Now, PoolScenario.Cni, PoolScenario.EniId(0), new ValueList<Ipv4Address>([PoolScenario.Ip(0, 1)])));
        Assert.Equal(RejectionCode.IpAllocated, release.Rejection!.Code);
    }

    [Fact]
    public void PoolIpsAdded_WithAnIpOnAnotherEni_AddsTheRestAndHoldsThatIp()
    {
        PoolScenario s = PoolScenario.Started(enis: 2, ipsAdded: 0);
        s.Must(new RecordPoolIpsAdded(s.Now, PoolScenario.Cni, PoolScenario.EniId(0), new ValueList<Ipv4Address>([PoolScenario.Ip(0, 1)])));
        s.Must(new RecordPoolIpsRequested(s.Now, PoolScenario.Cni, PoolScenario.EniId(1), 3));
        ValueList<Ipv4Address> batch = new([PoolScenario.Ip(0, 1), PoolScenario.Ip(1, 1), PoolScenario.Ip(1, 2)]);

        Decision added = s.Must(new RecordPoolIpsAdded(s.Now, PoolScenario.Cni, PoolScenario.EniId(1), batch));

        Assert.Equal([PoolScenario.Ip(1, 1), PoolScenario.Ip(1, 2)], added.Events.OfType<PoolIpsAdded>().Single().Ips.AsSpan().ToArray());
        IpHeld hold = added.Events.OfType<IpHeld>().Single();
        Assert.Equal((PoolScenario.Ip(0, 1), HoldSource.Ec2OtherEni), (hold.Ip, hold.Source));
        Assert.Contains(PoolScenario.EniId(0), hold.Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain(PoolScenario.Ip(0, 1), s.Pool.GetFreeIps(s.Now));
        Assert.Empty(s.Must(new RecordPoolIpsAdded(s.Now, PoolScenario.Cni, PoolScenario.EniId(1), batch)).Events);
    }

    [Fact]
    public void PoolIpsAdded_AfterTheOtherEniLostTheIp_LiftsTheEc2HoldAndAddsIt()
    {
        PoolScenario s = PoolScenario.Started(enis: 2, ipsAdded: 0);
        Ipv4Address moved = PoolScenario.Ip(0, 1);
        s.Must(new RecordPoolIpsAdded(s.Now, PoolScenario.Cni, PoolScenario.EniId(0), new ValueList<Ipv4Address>([moved])));
        s.Must(new RecordPoolIpsAdded(s.Now, PoolScenario.Cni, PoolScenario.EniId(1), new ValueList<Ipv4Address>([moved])));
        s.Must(new RecordPoolIpsRemoved(s.Now, PoolScenario.Cni, PoolScenario.EniId(0), new ValueList<Ipv4Address>([moved])));

        Decision readded = s.Must(new RecordPoolIpsAdded(s.Now, PoolScenario.Cni, PoolScenario.EniId(1), new ValueList<Ipv4Address>([moved])));

        Assert.Equal([typeof(PoolIpsAdded), typeof(IpHoldLifted)], readded.Events.Select(e => e.GetType()));
        Assert.Equal(moved, s.Allocate(1).Ip);
        Assert.Equal(PoolScenario.EniId(1), s.Pool.GetAllocations().Single().EniId);
    }

    [Fact]
    public void Holds_SurviveRebuildAndSnapshot()
    {
        PoolScenario s = PoolScenario.Started(ipsAdded: 3);
        s.Must(HostHold(s, PoolScenario.Ip(0, 2)));
        s.Must(HostHold(s, PoolScenario.Ip(0, 77)));

        NodePool rebuilt = NodePool.Rebuild(s.Journal);
        NodePool restored = NodePool.FromSnapshot(s.Pool.ToSnapshot());

        foreach (NodePool pool in new[] { rebuilt, restored })
        {
            Assert.Equal(s.Pool.GetHolds(), pool.GetHolds());
            Assert.DoesNotContain(PoolScenario.Ip(0, 2), pool.GetFreeIps(s.Now));
            Assert.Equal(s.Pool.ToSnapshot(), pool.ToSnapshot());
        }
    }

    [Fact]
    public void InvariantChecker_ReportsAnAllocationOfAHeldIp()
    {
        PoolScenario s = PoolScenario.Started(ipsAdded: 3);
        s.Must(HostHold(s, PoolScenario.Ip(0, 1)));
        IpAllocated forged = new(Guid.NewGuid(), s.Now, PoolScenario.Cni, PoolScenario.Ip(0, 1), PoolScenario.EniId(0), PoolScenario.Key(1), PoolScenario.PodOf(1), "ns");

        var violations = InvariantChecker.Check([.. s.Journal, new RecordedEvent(s.Journal.Count + 1, forged)], expectedFirstLsn: 1);

        Assert.Equal(InvariantRules.HeldIpNotAllocated, Assert.Single(violations).Rule);
    }
}
