using System;
using System.Net;
using System.Threading.Tasks;
using EsCni.Ipamd.HostNetwork;

namespace EsCni.Ipamd.Tests.HostNetwork;

/// <summary>Real packets through the SNAT chain: a pod's connection to the internet arrives from the node's primary IP, to an excluded CIDR from the pod's own.</summary>
/// <remarks>
/// Three namespaces: a pod (10.0.16.50, wired like the plugin does: /32 and default via 169.254.1.1), the node
/// (primary IP 10.0.0.10 on eth0, forwarding on) and "outside" (the VPC router 10.0.0.1, plus 8.8.8.8 and
/// 192.168.7.7 on lo). The outside counts incoming SYNs per source address with iptables counters, so no
/// listener or capture tool is needed; the SYN is enough, whether or not the reply can route back.
/// </remarks>
public sealed class SnatTrafficTests : IDisposable
{
    private readonly TestNetworkNamespace _node = TestNetworkNamespace.Create();
    private readonly TestNetworkNamespace _pod = TestNetworkNamespace.Create();
    private readonly TestNetworkNamespace _outside = TestNetworkNamespace.Create();

    public SnatTrafficTests()
    {
        _node.Ip("link", "add", "eth0", "type", "veth", "peer", "name", "out0", "netns", _outside.Name);
        _node.Ip("addr", "add", "10.0.0.10/20", "dev", "eth0");
        _node.Ip("link", "set", "eth0", "up");
        _node.Ip("route", "add", "default", "via", "10.0.0.1");
        _node.Try("sysctl", "-qw", "net.ipv4.ip_forward=1");
        _outside.Ip("addr", "add", "10.0.0.1/20", "dev", "out0");
        _outside.Ip("link", "set", "out0", "up");
        _outside.Ip("route", "add", "10.0.16.0/20", "via", "10.0.0.10"); // the VPC routes pod IPs to their node: untranslated replies come back fast
        _outside.Ip("addr", "add", "8.8.8.8/32", "dev", "lo");
        _outside.Ip("addr", "add", "192.168.7.7/32", "dev", "lo");
        _outside.Iptables("-A", "INPUT", "-p", "tcp", "--syn", "-s", "10.0.0.10", "-j", "ACCEPT");
        _outside.Iptables("-A", "INPUT", "-p", "tcp", "--syn", "-s", "10.0.16.50", "-j", "ACCEPT");

        _node.Ip("link", "add", "eni0a1b2c3d4e5", "type", "veth", "peer", "name", "eth0", "netns", _pod.Name);
        _node.Ip("link", "set", "eni0a1b2c3d4e5", "up");
        _node.Ip("route", "add", "10.0.16.50/32", "dev", "eni0a1b2c3d4e5", "scope", "link");
        string hostVethMac = _node.Ip("-o", "link", "show", "eni0a1b2c3d4e5").Split("link/ether ")[1][..17];
        _pod.Ip("addr", "add", "10.0.16.50/32", "dev", "eth0");
        _pod.Ip("link", "set", "eth0", "up");
        _pod.Ip("route", "add", "169.254.1.1", "dev", "eth0", "scope", "link");
        _pod.Ip("route", "add", "default", "via", "169.254.1.1", "dev", "eth0");
        _pod.Ip("neigh", "add", "169.254.1.1", "lladdr", hostVethMac, "dev", "eth0", "nud", "permanent");
    }

    public void Dispose()
    {
        _pod.Dispose();
        _node.Dispose();
        _outside.Dispose();
    }

    [Fact]
    public async Task EnsureAsync_PodConnectsOutsideVpc_ArrivesFromPrimaryIp()
    {
        await new SnatRules(_node.Runner).EnsureAsync(Settings());

        ConnectFromPod("8.8.8.8");

        Assert.True(SynsFrom("10.0.0.10") > 0, "the SYN should have been translated to the node's primary IP");
        Assert.Equal(0, SynsFrom("10.0.16.50"));
    }

    [Fact]
    public async Task EnsureAsync_PodConnectsToExcludedCidr_KeepsPodIp()
    {
        await new SnatRules(_node.Runner).EnsureAsync(Settings() with { ExcludeCidrs = [IPNetwork.Parse("192.168.0.0/16")] });

        ConnectFromPod("192.168.7.7");

        Assert.True(SynsFrom("10.0.16.50") > 0, "traffic to an excluded CIDR should keep the pod's address");
        Assert.Equal(0, SynsFrom("10.0.0.10"));
    }

    [Fact]
    public async Task EnsureAsync_ExternalSnat_PodTrafficKeepsPodIp()
    {
        await new SnatRules(_node.Runner).EnsureAsync(Settings() with { ExternalSnat = true });

        ConnectFromPod("8.8.8.8");

        Assert.True(SynsFrom("10.0.16.50") > 0, "with external SNAT the node must not translate");
        Assert.Equal(0, SynsFrom("10.0.0.10"));
    }

    private static SnatSettings Settings() =>
        new(IPAddress.Parse("10.0.0.10"), [IPNetwork.Parse("10.0.0.0/16")], [], ExternalSnat: false, SnatRandomization.Prng);

    // The connect is expected to fail or time out (the reply cannot always route back); only the SYN matters.
    private void ConnectFromPod(string address) =>
        _pod.Try("timeout", "2", "bash", "-c", $"exec 3<>/dev/tcp/{address}/80");

    private long SynsFrom(string source)
    {
        foreach (string line in _outside.Iptables("-L", "INPUT", "-n", "-v", "-x").Split('\n'))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // Columns: pkts bytes target prot opt in out source destination (prot is "6" under iptables-nft).
            if (fields.Length > 8 && fields[2] == "ACCEPT" && fields[7] == source)
            {
                return long.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        throw new InvalidOperationException($"no counter rule for {source} in the outside namespace");
    }
}
