using System.Net;
using EsCni.Domain.Net;
using EsCni.HostNetwork;
using EsCni.Ipamd.HostRepair;

namespace EsCni.Ipamd.Tests.HostRepair;

/// <summary>Which host /128 routes count as IPv6 pods in use: through a veth into another namespace, inside the /80, at or past the cursor; the highest wins.</summary>
public sealed class HostEvidenceGuardIpv6Tests
{
    private static readonly Ipv6Prefix s_slash80 = Ipv6Prefix.Parse("2600:1f14:abc:de01:1234::/80");

    private static PodVeth Veth(string name, int? peerNetns) => new(name, 7, "aa:bb:cc:dd:ee:07", true, peerNetns, 3);

    private static PodHostRoute Route(string address, string dev) => new(IPAddress.Parse(address), dev);

    private static (Ipv6Address Address, string Evidence)? Highest(ulong cursor, PodVeth[] veths, params PodHostRoute[] routes) =>
        HostEvidenceGuard.HighestInUse(s_slash80, cursor, new PodHostState([], [], [], veths), new PodHostIpv6State([], routes));

    [Fact]
    public void HighestInUse_TakesTheHighestPodAddressInTheSlash80_NamingRouteAndVeth()
    {
        (Ipv6Address address, string evidence) = Highest(1, [Veth("enia", 1), Veth("enib", 2)],
            Route("2600:1f14:abc:de01:1234::3", "enia"), Route("2600:1f14:abc:de01:1234::11", "enib"))!.Value;

        Assert.Equal(s_slash80.AddressAt(0x11), address);
        Assert.Contains("2600:1f14:abc:de01:1234::11/128 dev enib", evidence, StringComparison.Ordinal);
        Assert.Contains("netnsid 2", evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void HighestInUse_IgnoresRoutesOutsideTheSlash80_BelowTheCursor_OrThroughAVethWithoutAPeerNamespace()
    {
        PodVeth[] veths = [Veth("enia", 1), Veth("enilocal", null)];

        Assert.Null(Highest(1, veths, Route("2600:1f14:abc:de01:9999::5", "enia")));
        Assert.Null(Highest(6, veths, Route("2600:1f14:abc:de01:1234::5", "enia")));
        Assert.Null(Highest(1, veths, Route("2600:1f14:abc:de01:1234::5", "enilocal")));
        Assert.Null(Highest(1, veths, Route("2600:1f14:abc:de01:1234::5", "enigone")));
        Assert.Equal(s_slash80.AddressAt(6), Highest(6, veths, Route("2600:1f14:abc:de01:1234::6", "enia"))!.Value.Address);
    }
}
