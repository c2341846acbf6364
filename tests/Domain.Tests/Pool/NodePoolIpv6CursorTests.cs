using System;
using System.Linq;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Invariants;
using EsCni.Domain.Net;
using EsCni.Domain.Pool;

namespace EsCni.Domain.Tests.Pool;

/// <summary>
/// Host evidence for IPv6: AdvanceIpv6Cursor moves the cursor past an address a running pod the journal does not know
/// uses, so no later allocation hands it out; the cursor never moves back.
/// </summary>
public class NodePoolIpv6CursorTests
{
    private static readonly Ipv6Prefix s_slash80 = NodePoolIpv6Tests.Slash80;
    private static readonly Cause s_host = Cause.Of(CauseKind.Reconciler);

    private static AllocateIpv6 Add(PoolScenario s, int n) => new(s.Now, PoolScenario.Cni, PoolScenario.Key(n), PoolScenario.PodOf(n), $"/var/run/netns/{n}");

    [Fact]
    public void Advance_PastARunningPodsAddress_NextAllocationsComeAfterIt_AndRebuildKeepsTheCursor()
    {
        PoolScenario s = NodePoolIpv6Tests.WithSlash80();

        Decision advanced = s.Must(new AdvanceIpv6Cursor(s.Now, s_host, s_slash80.AddressAt(5), "host route"));

        Ipv6CursorAdvanced e = Assert.IsType<Ipv6CursorAdvanced>(Assert.Single(advanced.Events));
        Assert.Equal((6UL, "eni-0", s_slash80.AddressAt(5), "host route"), (e.NextOffset, e.EniId, e.InUse, e.Evidence));
        Assert.Equal(s_slash80.AddressAt(6), s.Must(Add(s, 1)).Ipv6Allocation!.Address);
        Assert.Equal(7UL, NodePool.Rebuild(s.Journal).NextIpv6Offset);
        Assert.Equal(7UL, NodePool.FromSnapshot(s.Pool.ToSnapshot()).NextIpv6Offset);
        Assert.Empty(InvariantChecker.Check(s.Journal, expectedFirstLsn: 1));
    }

    [Fact]
    public void AdoptingTheSlash80WithHostEvidence_AdvancesTheCursorInTheSameDecision()
    {
        PoolScenario s = PoolScenario.Started(enis: 1, ipsAdded: 0);

        Decision adopted = s.Must(new RecordIpv6PrefixAdded(s.Now, s_host, "eni-0", s_slash80, Ipv6PrefixAdded.FromImds) { HostInUse = s_slash80.AddressAt(3), HostEvidence = "host route" });

        Assert.Collection(adopted.Events, e => Assert.IsType<Ipv6PrefixAdded>(e), e => Assert.Equal(4UL, Assert.IsType<Ipv6CursorAdvanced>(e).NextOffset));
        Assert.Equal(s_slash80.AddressAt(4), s.Must(Add(s, 1)).Ipv6Allocation!.Address);
        Assert.Empty(InvariantChecker.Check(s.Journal, expectedFirstLsn: 1));
    }

    [Fact]
    public void Advance_ToAnAddressBelowTheCursor_ChangesNothing()
    {
        PoolScenario s = NodePoolIpv6Tests.WithSlash80();
        s.Must(new AdvanceIpv6Cursor(s.Now, s_host, s_slash80.AddressAt(9), "host route"));

        Assert.Empty(s.Must(new AdvanceIpv6Cursor(s.Now, s_host, s_slash80.AddressAt(3), "host route")).Events);
        Assert.Empty(s.Must(new AdvanceIpv6Cursor(s.Now, s_host, s_slash80.AddressAt(9), "host route")).Events);
        Assert.Equal(10UL, s.Pool.NextIpv6Offset);
    }

    [Fact]
    public void Advance_WithoutASlash80OrOutsideIt_IsRefusedNamingWhy()
    {
        PoolScenario bare = PoolScenario.Started(enis: 1, ipsAdded: 0);
        Rejection noSlash80 = bare.Execute(new AdvanceIpv6Cursor(bare.Now, s_host, s_slash80.AddressAt(5), "host route")).Rejection!;
        Assert.Equal(RejectionCode.NoIpv6Prefix, noSlash80.Code);

        PoolScenario s = NodePoolIpv6Tests.WithSlash80();
        Rejection outside = s.Execute(new AdvanceIpv6Cursor(s.Now, s_host, Ipv6Address.Parse("2600:1f14:abc:de01:9999::5"), "host route")).Rejection!;
        Assert.Equal(RejectionCode.InvalidCommand, outside.Code);
        Assert.Contains(s_slash80.ToString(), outside.Message, StringComparison.Ordinal);
        Assert.Equal(1UL, s.Pool.NextIpv6Offset);
    }

    [Fact]
    public void InvariantChecker_AnAllocationBelowAnAdvancedCursor_IsNeverReusedViolation()
    {
        PoolScenario s = NodePoolIpv6Tests.WithSlash80();
        s.Must(new AdvanceIpv6Cursor(s.Now, s_host, s_slash80.AddressAt(5), "host route"));
        // The running pod's own address handed out after the cursor moved past it: exactly the duplicate the advance prevents.
        RecordedEvent reused = new(s.Journal.Count + 1, new Ipv6Allocated(Guid.NewGuid(), s.Now, PoolScenario.Cni, s_slash80.AddressAt(5), "eni-0",
            PoolScenario.Key(1), PoolScenario.PodOf(1), "ns"));

        InvariantViolation v = Assert.Single(InvariantChecker.Check([.. s.Journal, reused], expectedFirstLsn: 1));

        Assert.Equal(InvariantRules.Ipv6NeverReused, v.Rule);
    }
}
