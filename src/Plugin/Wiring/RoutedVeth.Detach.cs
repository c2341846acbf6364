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
}
