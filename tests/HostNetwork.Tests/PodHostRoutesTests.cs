using System;
using System.Net;
using System.Threading.Tasks;
using EsCni.HostNetwork;

namespace EsCni.HostNetwork.Tests;

/// <summary>Reading the plugin's per-pod host state (rules 512/1536, /32 routes, eni* veths) from a real namespace.</summary>
public sealed class PodHostRoutesTests : IDisposable
{
    private readonly TestNetworkNamespace _ns = TestNetworkNamespace.Create();

    public void Dispose() => _ns.Dispose();

    [Fact]
    public async Task ReadAsync_PluginLeftovers_ListsOnlyPodRulesRoutesAndVeths()
    {
        _ns.Ip("link", "add", "eni1a2b3c4d5e6", "type", "veth", "peer", "name", "pod1");
        _ns.Ip("link", "set", "eni1a2b3c4d5e6", "up");
        _ns.Ip("link", "set", "pod1", "up");
        _ns.Ip("route", "add", "10.0.16.50/32", "dev", "eni1a2b3c4d5e6", "scope", "link");
        _ns.Ip("route", "add", "10.0.99.0/24", "dev", "pod1");
        _ns.Ip("rule", "add", "to", "10.0.16.50", "lookup", "main", "prio", "512");
        _ns.Ip("rule", "add", "from", "10.0.16.50", "lookup", "2", "prio", "1536");
        _ns.Ip("rule", "add", "from", "10.0.16.20", "lookup", "2", "prio", "32765");

        PodHostState state = await new PodHostRoutes(_ns.Runner).ReadAsync();

        Assert.Equal(new PodRule(512, IPAddress.Parse("10.0.16.50"), 254), Assert.Single(state.ToPodRules));
        Assert.Equal(new PodRule(1536, IPAddress.Parse("10.0.16.50"), 2), Assert.Single(state.FromPodRules));
        Assert.Equal(new PodHostRoute(IPAddress.Parse("10.0.16.50"), "eni1a2b3c4d5e6"), Assert.Single(state.HostRoutes));
        PodVeth veth = Assert.Single(state.Veths);
        Assert.Equal("eni1a2b3c4d5e6", veth.Name);
        Assert.True(veth.IsUp);
        Assert.Matches("^([0-9a-f]{2}:){5}[0-9a-f]{2}$", veth.Mac);
    }

    [Fact]
    public async Task ReadAsync_VethWithItsPeerInAPodNamespace_NamesThePeerNamespaceAndIfindex()
    {
        // The host-evidence guard holds an IP only for a veth whose peer lives in another namespace (a pod's).
        using TestNetworkNamespace pod = TestNetworkNamespace.Create();
        _ns.Ip("link", "add", "eni0000000000a", "type", "veth", "peer", "name", "eth0", "netns", pod.Name);
        _ns.Ip("link", "add", "eni0000000000b", "type", "veth", "peer", "name", "local0");
        int peerIndex = int.Parse(pod.Ip("-o", "link", "show", "eth0").Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);

        PodHostState state = await new PodHostRoutes(_ns.Runner).ReadAsync();

        PodVeth inPod = Assert.Single(state.Veths, v => v.Name == "eni0000000000a");
        Assert.NotNull(inPod.PeerNetnsId);
        Assert.Equal(peerIndex, inPod.PeerIndex);
        Assert.Null(Assert.Single(state.Veths, v => v.Name == "eni0000000000b").PeerNetnsId);
    }

    [Fact]
    public async Task ReadAsync_EmptyNamespace_ReturnsNothing()
    {
        PodHostState state = await new PodHostRoutes(_ns.Runner).ReadAsync();

        Assert.Empty(state.ToPodRules);
        Assert.Empty(state.FromPodRules);
        Assert.Empty(state.HostRoutes);
        Assert.Empty(state.Veths);
    }

    [Fact]
    public async Task ReadIpv6Async_PluginIpv6Leftovers_ListsOnlyPodRulesAndHostRoutes()
    {
        _ns.Ip("link", "add", "eni6a2b3c4d5e6", "type", "veth", "peer", "name", "pod6");
        _ns.Ip("link", "set", "eni6a2b3c4d5e6", "up");
        _ns.Ip("link", "set", "pod6", "up");
        _ns.Ip("-6", "route", "add", "2600:1f14:abc:de01:1234::7/128", "dev", "eni6a2b3c4d5e6");
        _ns.Ip("-6", "route", "add", "2600:1f14:abc:de02::/64", "dev", "eni6a2b3c4d5e6");
        _ns.Ip("-6", "route", "add", "2600:1f14:abc:de03::9/128", "dev", "pod6");
        _ns.Ip("-6", "rule", "add", "to", "2600:1f14:abc:de01:1234::7", "lookup", "main", "prio", "512");
        _ns.Ip("-6", "rule", "add", "to", "2600:1f14:abc:de04::/64", "lookup", "main", "prio", "512");
        _ns.Ip("-6", "rule", "add", "from", "2600:1f14:abc:de01:1234::8", "lookup", "main", "prio", "512");

        PodHostIpv6State state = await new PodHostRoutes(_ns.Runner).ReadIpv6Async();

        Assert.Equal(new PodRule(512, IPAddress.Parse("2600:1f14:abc:de01:1234::7"), 254), Assert.Single(state.ToPodRules));
        Assert.Equal(new PodHostRoute(IPAddress.Parse("2600:1f14:abc:de01:1234::7"), "eni6a2b3c4d5e6"), Assert.Single(state.HostRoutes));
    }
}
