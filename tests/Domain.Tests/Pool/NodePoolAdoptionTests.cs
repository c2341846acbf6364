using System;
using System.Linq;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Invariants;
using EsCni.Domain.Net;
using EsCni.Domain.Pool;

namespace EsCni.Domain.Tests.Pool;

/// <summary>Adoption of VPC CNI checkpoint entries: an adopted allocation is an ordinary one afterwards; a disagreeing entry is refused and its IP stays out of the free set.</summary>
public class NodePoolAdoptionTests
{
    private const string Source = "vpc-cni-checkpoint /var/run/aws-node/ipam.json";
    private static readonly Cause Ec2Loop = Cause.Of(CauseKind.Reconciler);

    private static IpamKey VpcKey(int n) => new("aws-cni", $"container-{n}", "eth0");

    private static AdoptAllocation Adopt(PoolScenario s, int n, Ipv4Address ip, int device = 0) =>
        new(s.Now, Ec2Loop, ip, PoolScenario.EniId(device), VpcKey(n), new Pod("default", $"pod-{n}", string.Empty), PoolScenario.T0.AddDays(-2), Source);

    private static HoldIp HostHold(PoolScenario s, Ipv4Address ip) =>
        new(s.Now, Ec2Loop, ip, HoldSource.HostRoute, $"/32 route to {ip} via eni0123456789a", "eni0123456789a", "netnsid 3", 2, s.Now);

    [Fact]
    public void AdoptAllocation_OfAHeldIp_LiftsTheHoldAndAllocatesIt()
    {
        PoolScenario s = PoolScenario.Started(ipsAdded: 3);
        Ipv4Address ip = PoolScenario.Ip(0, 2);
        s.Must(HostHold(s, ip));

        Decision adopted = s.Must(Adopt(s, 7, ip));

        Assert.Equal([typeof(IpHoldLifted), typeof(IpAdopted)], adopted.Events.Select(e => e.GetType()));
        Assert.Equal(NodePool.AdoptedWhy, adopted.Events.OfType<IpHoldLifted>().Single().Why);
        Allocation allocation = s.Pool.GetAllocations().Single();
        Assert.Equal((ip, VpcKey(7), "pod-7"), (allocation.Ip, allocation.Key, allocation.Pod.Name));
        Assert.Empty(s.Pool.GetHolds());
        Assert.DoesNotContain(ip, s.Pool.GetFreeIps(s.Now.AddDays(1)));
        Assert.Equal(1, s.Pool.GetCounts(s.Now).Allocated);
        Assert.Empty(s.Must(Adopt(s, 7, ip)).Events);
    }

    [Fact]
    public void AdoptAllocation_ThatDisagreesWithThePool_IsRefused_AndTheHoldStays()
    {
        PoolScenario s = PoolScenario.Started(enis: 2, ipsAdded: 3);
        Allocation mine = s.Allocate(1);
        Ipv4Address held = PoolScenario.Ip(0, 3);
        s.Must(HostHold(s, held));

        Assert.Equal(RejectionCode.IpNotInPool, s.Execute(Adopt(s, 2, PoolScenario.Ip(0, 99))).Rejection!.Code);
        Assert.Equal(RejectionCode.IpOnAnotherEni, s.Execute(Adopt(s, 3, held, device: 1)).Rejection!.Code);
        Assert.Equal(RejectionCode.IpAllocated, s.Execute(Adopt(s, 4, mine.Ip)).Rejection!.Code);
        Assert.Single(s.Pool.GetHolds());
        Assert.DoesNotContain(held, s.Pool.GetFreeIps(s.Now.AddDays(1)));
    }

    [Fact]
    public void DelThroughEscniConflist_ReleasesTheAdoptedAllocation_ByContainerAndIfName()
    {
        PoolScenario s = PoolScenario.Started(ipsAdded: 3);
        Ipv4Address ip = PoolScenario.Ip(0, 2);
        s.Must(Adopt(s, 5, ip));

        // The runtime's DEL carries escni's network name, not the checkpoint's "aws-cni".
        Decision del = s.Must(new ReleaseIpByKey(s.Now, PoolScenario.Cni, PoolScenario.Key(5), ReleaseReason.CniDel));

        IpReleased released = del.Events.OfType<IpReleased>().Single();
        Assert.Equal((ip, VpcKey(5)), (released.Ip, released.Key));
        Assert.Empty(s.Pool.GetAllocations());
        Assert.Empty(s.Must(new ReleaseIpByKey(s.Now, PoolScenario.Cni, PoolScenario.Key(5), ReleaseReason.CniDel)).Events);
    }

    [Fact]
    public void Adoption_SurvivesRebuildAndSnapshot_AndKeepsEveryInvariant()
    {
        PoolScenario s = PoolScenario.Started(ipsAdded: 5);
        s.Must(HostHold(s, PoolScenario.Ip(0, 1)));
        s.Must(Adopt(s, 1, PoolScenario.Ip(0, 1)));
        s.Must(Adopt(s, 2, PoolScenario.Ip(0, 4)));
        Allocation fresh = s.Allocate(3);

        NodePool rebuilt = NodePool.Rebuild(s.Journal);
        NodePool restored = NodePool.FromSnapshot(s.Pool.ToSnapshot());

        Assert.DoesNotContain(fresh.Ip, new[] { PoolScenario.Ip(0, 1), PoolScenario.Ip(0, 4) });
        foreach (NodePool pool in new[] { rebuilt, restored })
        {
            Assert.Equal(s.Pool.GetAllocations(), pool.GetAllocations());
            Assert.Equal(s.Pool.ToSnapshot(), pool.ToSnapshot());
        }

        Assert.Empty(InvariantChecker.Check(s.Journal, expectedFirstLsn: 1));
    }

    [Fact]
    public void InvariantChecker_ReportsAnAdoptionOfAHeldIp()
    {
        PoolScenario s = PoolScenario.Started(ipsAdded: 3);
        s.Must(HostHold(s, PoolScenario.Ip(0, 1)));
        IpAdopted forged = new(Guid.NewGuid(), s.Now, Ec2Loop, PoolScenario.Ip(0, 1), PoolScenario.EniId(0), VpcKey(1), new Pod("default", "pod-1", string.Empty), s.Now, Source);

        var violations = InvariantChecker.Check([.. s.Journal, new RecordedEvent(s.Journal.Count + 1, forged)], expectedFirstLsn: 1);

        Assert.Equal(InvariantRules.HeldIpNotAllocated, Assert.Single(violations).Rule);
    }

    [Fact]
    public void RecordEniAdopted_OfAnEniThePoolDoesNotManageYet_KeepsItsDescriptionAndTags_AndNothingOnceItIsAttached()
    {
        PoolScenario s = PoolScenario.Started(enis: 1);
        ValueList<EniTag> tags = new([new EniTag("cluster.k8s.amazonaws.com/name", "prod"), new EniTag("node.k8s.amazonaws.com/instance_id", "i-0abc")]);

        EniAdopted adopted = Assert.IsType<EniAdopted>(Assert.Single(s.Must(new RecordEniAdopted(s.Now, Ec2Loop, PoolScenario.EniId(1), "aws-K8S-i-0abc", tags)).Events));

        Assert.Equal((PoolScenario.EniId(1), "aws-K8S-i-0abc", tags), (adopted.EniId, adopted.Description, adopted.Tags));
        Assert.Empty(s.Must(new RecordEniAdopted(s.Now, Ec2Loop, PoolScenario.EniId(0), "aws-K8S-i-0abc", tags)).Events);
        Assert.False(s.Execute(new RecordEniAdopted(s.Now, Ec2Loop, string.Empty, "aws-K8S-i-0abc", tags)).Accepted);
    }

    [Fact]
    public void RecordDrift_BeforeNodeStarted_IsAccepted_SoATakeoverCanMarkItsAdoptionPendingFirst()
    {
        var pool = new NodePool();

        Decision marked = pool.Decide(new RecordDrift(PoolScenario.T0, Ec2Loop, "takeover:vpc-cni-checkpoint", "no VPC CNI allocation adopted yet", "ipam.json lists pods"));

        Assert.True(marked.Accepted);
        Assert.IsType<DriftDetected>(Assert.Single(marked.Events));
        Assert.False(pool.Decide(new AllocateIp(PoolScenario.T0, Ec2Loop, VpcKey(1), new Pod("default", "p", "u"), "/var/run/netns/x")).Accepted);
    }
}
