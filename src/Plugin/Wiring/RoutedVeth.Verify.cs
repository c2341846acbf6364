using EsCni.Plugin.Netlink.Native;

namespace EsCni.Plugin.Wiring;

/// <summary>CHECK: compares the live wiring with what ADD created.</summary>
internal static partial class RoutedVeth
{
    /// <summary>Lists every difference between the namespaces and <paramref name="attachment"/>; empty = healthy.</summary>
    /// <param name="expectedPodMac">The pod interface's MAC from prevResult (may have been changed by tuning, which updates prevResult).</param>
    public static List<string> Verify(RtnetlinkSocket host, RtnetlinkSocket pod, PodAttachment attachment, string? expectedPodMac)
    {
        var problems = new List<string>();
        IPAddress ip = attachment.PodIp;
        IPAddress gateway = attachment.PodGateway;
        int hostLength = attachment.HostLength;
        AddressFamily family = attachment.Family;

        LinkEntry? podLink = pod.FindLink(attachment.IfName);
        LinkEntry? hostLink = host.FindLink(attachment.HostVeth);
        if (podLink is null)
        {
            problems.Add($"interface {attachment.IfName} is missing in {pod.NamespaceName}");
        }
        else
        {
            if (!podLink.IsUp)
            {
                problems.Add($"interface {attachment.IfName} is down");
            }

            if (expectedPodMac is not null && MacAddress.Format(podLink.Mac) != expectedPodMac.ToLowerInvariant())
            {
                problems.Add($"interface {attachment.IfName} has MAC {MacAddress.Format(podLink.Mac)}, prevResult says {expectedPodMac}");
            }

            AddressEntry? address = pod.DumpAddresses(family)
                .Find(a => a.Index == podLink.Index && a.Address.Equals(ip) && a.PrefixLength == hostLength);
            if (address is null)
            {
                problems.Add($"address {ip}/{hostLength} is missing on {attachment.IfName}");
            }
            else if (address.IsTentative)
            {
                problems.Add($"address {ip}/{hostLength} on {attachment.IfName} is still tentative (duplicate address detection)");
            }

            // IPv6 routes to fe80::1 have RT_SCOPE_UNIVERSE in the kernel's answer whatever was sent (IPv6 has no
            // route scopes), so the scope is only compared for IPv4.
            List<RouteEntry> routes = pod.DumpRoutes(family);
            if (!routes.Any(r => r.Table == PodAttachment.MainTable && r.DestinationLength == hostLength
                && gateway.Equals(r.Destination) && r.OutputIndex == podLink.Index && (attachment.IsIpv6 || r.Scope == rtnetlink.RT_SCOPE_LINK)))
            {
                problems.Add($"route {gateway}/{hostLength} scope link dev {attachment.IfName} is missing in the pod");
            }

            if (!routes.Any(r => r.Table == PodAttachment.MainTable && r.DestinationLength == 0
                && gateway.Equals(r.Gateway) && r.OutputIndex == podLink.Index))
            {
                problems.Add($"default route via {gateway} dev {attachment.IfName} is missing in the pod");
            }

            byte[]? hostMac = hostLink?.Mac;
            if (!pod.DumpNeighbours(family).Any(n => n.Index == podLink.Index && n.Destination.Equals(gateway)
                && (n.State & neighbour.NUD_PERMANENT) != 0 && (hostMac is null || (n.LinkAddress ?? []).AsSpan().SequenceEqual(hostMac))))
            {
                problems.Add($"permanent neighbour {gateway} lladdr {(hostMac is null ? "?" : MacAddress.Format(hostMac))} is missing on {attachment.IfName}");
            }
        }

        if (hostLink is null)
        {
            problems.Add($"host veth {attachment.HostVeth} is missing in {host.NamespaceName}");
            return problems;
        }

        if (!host.DumpRoutes(family).Any(r => r.Table == PodAttachment.MainTable && r.DestinationLength == hostLength
            && ip.Equals(r.Destination) && r.OutputIndex == hostLink.Index))
        {
            problems.Add($"host route {ip}/{hostLength} dev {attachment.HostVeth} is missing");
        }

        List<RuleEntry> rules = host.DumpRules(family);
        if (!rules.Any(r => r.Priority == PodAttachment.ToPodRulePriority && r.Table == PodAttachment.MainTable
            && ip.Equals(r.Destination) && r.DestinationLength == hostLength && r.Source is null))
        {
            problems.Add($"host rule 'to {ip} lookup main prio {PodAttachment.ToPodRulePriority}' is missing");
        }

        if (attachment.RouteTableId != PodAttachment.MainTable
            && !rules.Any(r => r.Priority == PodAttachment.FromPodRulePriority && r.Table == attachment.RouteTableId
                && ip.Equals(r.Source) && r.SourceLength == hostLength))
        {
            problems.Add($"host rule 'from {ip} lookup {attachment.RouteTableId} prio {PodAttachment.FromPodRulePriority}' is missing");
        }

        return problems;
    }
}
