using System;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Pool;

namespace EsCni.Domain.Tests.Pool;

/// <summary>
/// Which snapshot format a pool is written in: 2 without IPv6 state (the bytes every release since 0.2 reads, unchanged),
/// 3 with any IPv6 state, so a build from before IPv6 refuses it instead of loading it without the pods' IPv6 addresses.
/// </summary>
public class SnapshotFormatTests
{
    private static readonly Cause s_startup = Cause.Of(CauseKind.Startup);

    // The Busy() IPv4 pool of NodePoolSnapshotTests as main wrote it before IPv6 (format 2); never edit.
    private const string Ipv4PoolBeforeIpv6 =
        "45534E500225020000080B1A460A06692D3061626312086D352E6C617267651A0A65752D776573742D3161220B31302E302E302E302F31362803300A"
        + "3A047465737440808C8D9E024A090900607EF67D4CDF08221E0A07746F6B656E2D3912087375626E65742D311A090900607EF67D4CDF0832440A0565"
        + "6E692D301A1130323A30303A30303A30303A30303A303022087375626E65742D312A0B31302E302E302E302F313635C800000A38FE0142090900607E"
        + "F67D4CDF0832450A05656E692D3110011A1130323A30303A30303A30303A30303A303122087375626E65742D312A0B31302E302E302E302F313635C8"
        + "01000A380242090900607EF67D4CDF083A160D0100000A1205656E692D30188080F3E7BE9FA6DF113A6D0D0200000A1205656E692D302A5F0A1A0A05"
        + "6573636E69120B636F6E7461696E65722D321A046574683012170A0764656661756C741205706F642D321A057569642D321A102F7661722F72756E2F"
        + "6E65746E732F3222090900607EF67D4CDF08280732097665746820676F6E653A0C0D0300000A1205656E692D303A0C0D0400000A1205656E692D303A"
        + "0C0D0101000A1205656E692D313A0C0D0201000A1205656E692D313A0C0D0301000A1205656E692D313A0C0D0401000A1205656E692D31420F0D0100"
        + "000A108080F3E7BE9FA6DF114A40020A1B09A75F13F6694F66D3110A41DA019922E5A01900607EF67D4CDF081205656E692D311A0861747461636865"
        + "64220F6D697373696E6720696E20494D4453";

    public static TheoryData<string> Ipv6States() => ["pending request", "slash80", "allocation", "released (cursor moved)"];

    private static PoolScenario WithIpv6State(string state)
    {
        PoolScenario s = PoolScenario.Started(enis: 1, ipsAdded: 2);
        s.Allocate(1);
        s.Must(new RequestIpv6Prefix(s.Now, s_startup, "eni-0"));
        if (state == "pending request")
        {
            return s;
        }

        s.Must(new RecordIpv6PrefixAdded(s.Now, s_startup, "eni-0", NodePoolIpv6Tests.Slash80, Ipv6PrefixAdded.FromEc2));
        if (state != "slash80")
        {
            s.Must(new AllocateIpv6(s.Now, PoolScenario.Cni, PoolScenario.Key(7), PoolScenario.PodOf(7), "/var/run/netns/7"));
        }

        if (state == "released (cursor moved)")
        {
            s.Must(new ReleaseIpByKey(s.Now, PoolScenario.Cni, PoolScenario.Key(7), ReleaseReason.CniDel));
            Assert.Empty(s.Pool.GetIpv6Allocations());
        }

        return s;
    }

    [Fact]
    public void ToSnapshot_OfIpv4Pool_IsFormat2ByteForByteAsBeforeIpv6()
    {
        byte[] snapshot = NodePoolSnapshotTests.Busy().Pool.ToSnapshot();

        Assert.Equal(NodePoolSnapshot.FormatVersion, snapshot[4]);
        Assert.Equal(Ipv4PoolBeforeIpv6, Convert.ToHexString(snapshot));
        Assert.False(NodePool.FromSnapshot(Convert.FromHexString(Ipv4PoolBeforeIpv6)).HoldsIpv6State);
    }

    [Fact]
    public void ToSnapshot_OfIpv4PoolWhoseIpv6RequestFailed_IsStillFormat2()
    {
        PoolScenario s = WithIpv6State("pending request");
        s.Must(new RecordIpv6PrefixRequestFailed(s.Now, s_startup, "eni-0", "InsufficientCidrBlocks"));

        Assert.False(s.Pool.HoldsIpv6State);
        Assert.Equal(NodePoolSnapshot.FormatVersion, s.Pool.ToSnapshot()[4]);
    }

    [Theory]
    [MemberData(nameof(Ipv6States))]
    public void ToSnapshot_OfPoolWithIpv6State_IsFormat3AndRoundTrips(string state)
    {
        PoolScenario s = WithIpv6State(state);

        byte[] snapshot = s.Pool.ToSnapshot();
        NodePool restored = NodePool.FromSnapshot(snapshot);

        Assert.Equal(NodePoolSnapshot.Ipv6FormatVersion, snapshot[4]);
        Assert.Equal(snapshot, restored.ToSnapshot());
        Assert.Equal(snapshot, NodePool.Rebuild(s.Journal).ToSnapshot());
        Assert.Equal(s.Pool.Ipv6Prefixes, restored.Ipv6Prefixes);
        Assert.Equal(s.Pool.GetIpv6Allocations(), restored.GetIpv6Allocations());
        Assert.Equal(s.Pool.NextIpv6Offset, restored.NextIpv6Offset);
        Assert.Equal(s.Pool.PendingIpv6PrefixEni, restored.PendingIpv6PrefixEni);
        Assert.Equal(s.Pool.GetAllocations(), restored.GetAllocations());
    }
}
