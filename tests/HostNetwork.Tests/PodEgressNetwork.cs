using System;
using System.Globalization;

namespace EsCni.HostNetwork.Tests;

/// <summary>
/// Three namespaces for real-packet tests of pod egress: a pod (10.0.16.50, wired like the plugin does: /32 and
/// default via 169.254.1.1, host veth named eni…), the node (primary IP 10.0.0.10 on eth0, forwarding on) and
/// "outside" (the VPC router 10.0.0.1, plus 8.8.8.8 and 192.168.7.7 on lo). The outside counts incoming SYNs per
/// source address and arrival link with iptables counters, so no listener or capture tool is needed; the SYN is
/// enough, whether or not the reply can route back.
/// </summary>
internal sealed class PodEgressNetwork : IDisposable
{
    public const string PrimaryIp = "10.0.0.10";
    public const string PodIp = "10.0.16.50";

    public PodEgressNetwork()
    {
        Node.Ip("link", "add", "eth0", "type", "veth", "peer", "name", "out0", "netns", Outside.Name);
        Node.Ip("addr", "add", PrimaryIp + "/20", "dev", "eth0");
        Node.Ip("link", "set", "eth0", "up");
        Node.Ip("route", "add", "default", "via", "10.0.0.1");
        Node.Try("sysctl", "-qw", "net.ipv4.ip_forward=1");
        Outside.Ip("addr", "add", "10.0.0.1/20", "dev", "out0");
        Outside.Ip("link", "set", "out0", "up");
        Outside.Ip("route", "add", "10.0.16.0/20", "via", PrimaryIp); // the VPC routes pod IPs to their node: untranslated replies come back fast
        Outside.Ip("addr", "add", "8.8.8.8/32", "dev", "lo");
        Outside.Ip("addr", "add", "192.168.7.7/32", "dev", "lo");
        foreach (string source in new[] { PrimaryIp, PodIp })
        {
            foreach (string link in new[] { "out0", "out1" })
            {
                Outside.Iptables("-A", "INPUT", "-i", link, "-p", "tcp", "--syn", "-s", source, "-j", "ACCEPT");
            }
        }

        Node.Ip("link", "add", "eni0a1b2c3d4e5", "type", "veth", "peer", "name", "eth0", "netns", Pod.Name);
        Node.Ip("link", "set", "eni0a1b2c3d4e5", "up");
        Node.Ip("route", "add", PodIp + "/32", "dev", "eni0a1b2c3d4e5", "scope", "link");
        string hostVethMac = Node.Ip("-o", "link", "show", "eni0a1b2c3d4e5").Split("link/ether ")[1][..17];
        Pod.Ip("addr", "add", PodIp + "/32", "dev", "eth0");
        Pod.Ip("link", "set", "eth0", "up");
        Pod.Ip("route", "add", "169.254.1.1", "dev", "eth0", "scope", "link");
        Pod.Ip("route", "add", "default", "via", "169.254.1.1", "dev", "eth0");
        Pod.Ip("neigh", "add", "169.254.1.1", "lladdr", hostVethMac, "dev", "eth0", "nud", "permanent");
    }

    public TestNetworkNamespace Node { get; } = TestNetworkNamespace.Create();

    public TestNetworkNamespace Pod { get; } = TestNetworkNamespace.Create();

    public TestNetworkNamespace Outside { get; } = TestNetworkNamespace.Create();

    /// <summary>
    /// Puts the pod on a secondary ENI as the daemon and plugin wire it: eth1 (10.0.0.20) to the outside's out1, table 2
    /// with a default route out of eth1, `from pod lookup 2` (1536), `to pod lookup main` (512) and the fwmark rule (1024).
    /// </summary>
    public void MovePodToSecondaryEni()
    {
        Node.Ip("link", "add", "eth1", "type", "veth", "peer", "name", "out1", "netns", Outside.Name);
        Node.Ip("addr", "add", "10.0.0.20/20", "dev", "eth1");
        Node.Ip("link", "set", "eth1", "up");
        Outside.Ip("link", "set", "out1", "up");
        Outside.Ip("addr", "add", "10.0.0.2/32", "dev", "out1");
        Node.Ip("route", "add", "10.0.0.2/32", "dev", "eth1", "table", "2");
        Node.Ip("route", "add", "default", "via", "10.0.0.2", "dev", "eth1", "onlink", "table", "2");
        Node.Ip("rule", "add", "to", PodIp, "lookup", "main", "prio", "512");
        Node.Ip("rule", "add", "fwmark", "0x80/0x80", "lookup", "main", "prio", "1024");
        Node.Ip("rule", "add", "from", PodIp, "lookup", "2", "prio", "1536");
    }

    /// <summary>Opens a TCP connection from the pod; expected to fail or time out, only the SYN matters.</summary>
    public void ConnectFromPod(string address) =>
        Pod.Try("timeout", "2", "bash", "-c", $"exec 3<>/dev/tcp/{address}/80");

    /// <summary>SYNs the outside received from <paramref name="source"/>, on <paramref name="link"/> or on either.</summary>
    public long SynsFrom(string source, string? link = null)
    {
        long total = 0;
        foreach (string line in Outside.Iptables("-L", "INPUT", "-n", "-v", "-x").Split('\n'))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // Columns: pkts bytes target prot opt in out source destination (prot is "6" under iptables-nft).
            if (fields.Length > 8 && fields[2] == "ACCEPT" && fields[7] == source && (link is null || fields[5] == link))
            {
                total += long.Parse(fields[0], CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    public void Dispose()
    {
        Pod.Dispose();
        Node.Dispose();
        Outside.Dispose();
    }
}
