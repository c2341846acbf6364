namespace EsCni.Plugin.Wiring;

/// <summary>Teardown: host route and rules of a pod IP, and the pod's interface.</summary>
internal static partial class RoutedVeth
{
    /// <summary>Removes the host /32 (or /128) route and the to-pod / from-pod rules; "already gone" counts as done.</summary>
    /// <remarks>
    /// The from-pod rule is deleted with table 0, which the kernel matches against any table: DEL may know
    /// the IP only from prevResult, which does not carry the ENI's route table.
    /// </remarks>
    public static void DetachHost(Netlink.RtnetlinkSocket host, IPAddress podIp, Action<string> log)
    {
        bool route = host.DeleteRoute(podIp, RtnetlinkSocket.HostPrefixLength(podIp), PodAttachment.MainTable);
        int toRules = host.DeleteRules(PodAttachment.ToPodRulePriority, null, podIp, PodAttachment.MainTable);
        int fromRules = host.DeleteRules(PodAttachment.FromPodRulePriority, podIp, null, 0);
        log($"host cleanup of {podIp}: route {(route ? "deleted" : "already gone")}, "
            + $"{toRules} to-pod rule(s) and {fromRules} from-pod rule(s) deleted");
    }

    /// <summary>
    /// <see cref="DetachHost"/> for an IP known only from prevResult, which the daemon may have handed to another pod
    /// since (the runtime's GC released it, then the cooldown ended): when a host route to it goes through a veth other
    /// than this pod's, the route and the rules are that pod's, and are left alone.
    /// </summary>
    /// <remarks>Runs after this pod's veth is deleted, which takes the pod's own host route with it.</remarks>
    public static void DetachHostUnlessReassigned(RtnetlinkSocket host, IPAddress podIp, string ownHostVeth, Action<string> log)
    {
        byte length = RtnetlinkSocket.HostPrefixLength(podIp);
        int own = host.FindLink(ownHostVeth)?.Index ?? 0;
        RouteEntry? other = host.DumpRoutes(podIp.AddressFamily).Find(r =>
            r.Table == PodAttachment.MainTable && r.DestinationLength == length && podIp.Equals(r.Destination) && r.OutputIndex != own);
        if (other is not null)
        {
            log($"host cleanup of {podIp} skipped: its host route goes through ifindex {other.OutputIndex}, not {ownHostVeth}, "
                + "so the IP belongs to another pod now and the route and rules are that pod's");
            return;
        }

        DetachHost(host, podIp, log);
    }
}
