using EsCni.Plugin.Netlink.Native;

namespace EsCni.Plugin.Egress;

/// <summary>
/// The second veth of an IPv6 pod that carries its IPv4 egress: `v4if0` in the pod with a 169.254.172.0/22 /32, a
/// default route via 169.254.172.1 (a permanent ARP entry for the host end's MAC), and a host /32 route back.
/// </summary>
/// <remarks>
/// The VPC CNI's egress-cni builds the same second pair (its container interface is also `v4if0`). The pod's
/// IPv4 default route goes here while its IPv6 default stays on eth0; the host SNATs the range to the node's
/// IPv4 (<see cref="EgressV4Snat"/>), so the 169.254 addresses never leave the node.
/// </remarks>
internal static class EgressV4Veth
{
    /// <summary>The pod-side name, as the VPC CNI's egress-cni names it.</summary>
    public const string PodInterface = "v4if0";

    /// <summary>Host-side name prefix; the rest is the pod's host-veth hash (<see cref="HostVethName"/>).</summary>
    public const string HostPrefix = "eg4";

    /// <summary>Creates the pair and its routes; on failure deletes the host end (and with it the pod end) and rethrows.</summary>
    public static RoutedVeth.Macs Attach(
        RtnetlinkSocket host, RtnetlinkSocket pod, int hostNamespaceFd, string hostVeth, IPAddress podAddress, uint mtu, Action<string> log)
    {
        // The same pair as the pod's own (stale one deleted first, host end down until its routes follow).
        RoutedVeth.Pair pair = RoutedVeth.CreatePair(host, pod, hostNamespaceFd, PodInterface, hostVeth, mtu, log);
        try
        {
            host.SetLinkUp(pair.HostIndex, hostVeth);
            pod.ReplaceRoute(EgressV4Pool.Gateway, 32, null, pair.PodIndex, PodAttachment.MainTable);
            pod.ReplaceRoute(null, 0, EgressV4Pool.Gateway, pair.PodIndex, PodAttachment.MainTable);
            pod.AddAddress(pair.PodIndex, podAddress, 32);
            pod.ReplaceNeighbour(pair.PodIndex, EgressV4Pool.Gateway, pair.Macs.Host);
            host.ReplaceRoute(podAddress, 32, null, pair.HostIndex, PodAttachment.MainTable);
        }
        catch (Exception e)
        {
            log($"IPv4 egress setup failed, undoing: {e.Message}");
            Detach(host, hostVeth, podAddress, log);
            throw;
        }

        return pair.Macs;
    }

    /// <summary>Deletes the host /32 route and the pair (by its host end); "already gone" counts as done.</summary>
    public static void Detach(RtnetlinkSocket host, string hostVeth, IPAddress? podAddress, Action<string> log)
    {
        try
        {
            bool route = podAddress is not null && host.DeleteRoute(podAddress, 32, PodAttachment.MainTable);
            bool link = host.DeleteLink(hostVeth);
            log($"IPv4 egress cleanup: route {(podAddress is null ? "unknown" : route ? "deleted" : "already gone")}, "
                + $"veth {hostVeth} {(link ? "deleted" : "already gone")}");
        }
        catch (NetlinkException e)
        {
            log($"IPv4 egress cleanup incomplete: {e.Message}");
            throw;
        }
    }

    /// <summary>Lists what is missing of the egress wiring; empty = healthy.</summary>
    public static List<string> Verify(RtnetlinkSocket host, RtnetlinkSocket pod, string hostVeth, IPAddress podAddress)
    {
        var problems = new List<string>();
        LinkEntry? hostLink = host.FindLink(hostVeth);
        LinkEntry? podLink = pod.FindLink(PodInterface);
        if (podLink is null)
        {
            problems.Add($"IPv4 egress interface {PodInterface} is missing in {pod.NamespaceName}");
        }
        else
        {
            if (!pod.DumpAddresses().Any(a => a.Index == podLink.Index && a.Address.Equals(podAddress) && a.PrefixLength == 32))
            {
                problems.Add($"IPv4 egress address {podAddress}/32 is missing on {PodInterface}");
            }

            if (!pod.DumpRoutes().Any(r => r.Table == PodAttachment.MainTable && r.DestinationLength == 0
                && EgressV4Pool.Gateway.Equals(r.Gateway) && r.OutputIndex == podLink.Index))
            {
                problems.Add($"IPv4 default route via {EgressV4Pool.Gateway} dev {PodInterface} is missing in the pod");
            }
        }

        if (hostLink is null)
        {
            problems.Add($"IPv4 egress host veth {hostVeth} is missing");
        }
        else if (!host.DumpRoutes().Any(r => r.Table == PodAttachment.MainTable && r.DestinationLength == 32
            && podAddress.Equals(r.Destination) && r.OutputIndex == hostLink.Index && r.Scope == rtnetlink.RT_SCOPE_LINK))
        {
            problems.Add($"host route {podAddress}/32 dev {hostVeth} is missing");
        }

        return problems;
    }
}
