using System.Linq;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Invariants;
using EsCni.Domain.Net;
using EsCni.Domain.Pool;

namespace EsCni.Domain.Tests.Pool;

/// <summary>
/// AdoptIpv6 (a VPC CNI takeover on an IPv6 node): a checkpoint's address becomes an allocation of the node's /80 with
/// its source, even below a cursor host evidence moved on, but never an address this journal handed out; a DEL under
/// escni's network name finds it; the invariant checker agrees.
/// </summary>
public class NodePoolIpv6AdoptionTests
{
    private const string Source = "vpc-cni-checkpoint /var/run/aws-node/ipam.json";
    private static readonly Ipv6Prefix s_slash80 = NodePoolIpv6Tests.Slash80;
    private static readonly Cause s_takeover = Cause.Of(CauseKind.Reconciler);

    private static IpamKey AwsCni(int n) => new("aws-cni", $"sandbox-{n}", "eth0");

    private static AdoptIpv6 Adopt(PoolScenario s, int n, ulong offset) => new(s.Now, s_takeover, s_slash80.AddressAt(offset), AwsCni(n), PoolScenario.PodOf(n), Source);

    [Fact]
    public void Adopt_BelowTheHostEvidenceCursor_InAddressOrder_RecordsTheSource_AndNewPodsComeAfter()
    {
        PoolScenario s = PoolScenario.Started(enis: 1, ipsAdded: 0);
        s.Must(new RecordIpv6PrefixAdded(s.Now, s_takeover, "eni-0", s_slash80, Ipv6PrefixAdded.FromImds) { HostInUse = s_slash80.AddressAt(9), HostEvidence = "host route" });

        Ipv6Allocated first = Assert.IsType<Ipv6Allocated>(Assert.Single(s.Must(Adopt(s, 1, 2)).Events));
        s.Must(Adopt(s, 2, 5));
        s.Must(Adopt(s, 3, 9));

        Assert.Equal((Source, AwsCni(1), "eni-0"), (first.Source, first.Key, first.EniId));
        Assert.Empty(s.Must(Adopt(s, 1, 2)).Events); // a restart mid-takeover adopts again: nothing new
        Assert.Equal(s_slash80.AddressAt(10), s.Must(new AllocateIpv6(s.Now, PoolScenario.Cni, PoolScenario.Key(9), PoolScenario.PodOf(9), "/n")).Ipv6Allocation!.Address);
        Assert.Equal(4, NodePool.Rebuild(s.Journal).Ipv6AllocationCount);
        Assert.Empty(InvariantChecker.Check(s.Journal, expectedFirstLsn: 1));
    }

    [Fact]
    public void Adopt_AnAddressThisJournalHandedOut_OrOutOfOrder_IsRefused()
    {
        PoolScenario s = NodePoolIpv6Tests.WithSlash80();
        s.Must(new AllocateIpv6(s.Now, PoolScenario.Cni, PoolScenario.Key(1), PoolScenario.PodOf(1), "/n")); // offset 1
        s.Release(1);

        Assert.Equal(RejectionCode.IpCoolingDown, s.Execute(Adopt(s, 2, 1)).Rejection!.Code);
        s.Must(Adopt(s, 3, 7));
        Assert.Equal(RejectionCode.IpCoolingDown, s.Execute(Adopt(s, 4, 4)).Rejection!.Code);
        Assert.Equal(RejectionCode.IpAllocated, s.Execute(Adopt(s, 5, 7)).Rejection!.Code);
        Assert.Equal(RejectionCode.IpNotInPool, s.Execute(new AdoptIpv6(s.Now, s_takeover, Ipv6Address.Parse("2600:1f14:ffff::5"), AwsCni(6), PoolScenario.PodOf(6), Source)).Rejection!.Code);
    }

    [Fact]
    public void Adopt_BeforeTheSlash80_IsRefused_NoIpv6Prefix()
    {
        PoolScenario s = PoolScenario.Started(enis: 1, ipsAdded: 0);

        Assert.Equal(RejectionCode.NoIpv6Prefix, s.Execute(Adopt(s, 1, 2)).Rejection!.Code);
    }

    [Fact]
    public void DelUnderEscnisNetworkName_ReleasesTheAdoptedKey()
    {
        PoolScenario s = NodePoolIpv6Tests.WithSlash80();
        s.Must(Adopt(s, 1, 3));

        Decision del = s.Must(new ReleaseIpByKey(s.Now, PoolScenario.Cni, new IpamKey("escni", "sandbox-1", "eth0"), ReleaseReason.CniDel));

        Ipv6Released released = Assert.IsType<Ipv6Released>(Assert.Single(del.Events));
        Assert.Equal((s_slash80.AddressAt(3), AwsCni(1)), (released.Address, released.Key));
        Assert.Equal(0, s.Pool.Ipv6AllocationCount);
        Assert.Empty(InvariantChecker.Check(s.Journal, expectedFirstLsn: 1));
    }

    [Fact]
    public void Checker_ReportsAnAdoptionOfAnAddressHandedOutBefore()
    {
        PoolScenario s = NodePoolIpv6Tests.WithSlash80();
        s.Must(new AllocateIpv6(s.Now, PoolScenario.Cni, PoolScenario.Key(1), PoolScenario.PodOf(1), "/n"));
        s.Release(1);
        var forged = new Ipv6Allocated(System.Guid.NewGuid(), s.Now, s_takeover, s_slash80.AddressAt(1), "eni-0", AwsCni(2), PoolScenario.PodOf(2), string.Empty) { Source = Source };

        var violations = InvariantChecker.Check([.. s.Journal, new RecordedEvent(s.Journal.Count + 1, forged)], expectedFirstLsn: 1);

        Assert.Contains(violations, v => v.Rule == InvariantRules.Ipv6NeverReused);
    }
}
