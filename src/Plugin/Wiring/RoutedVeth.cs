namespace EsCni.Plugin.Wiring;

/// <summary>The routed-ENI pod wiring of reference/vpc-cni.md §3: set up, tear down, verify.</summary>
/// <remarks>
/// Works on two rtnetlink sockets: one opened inside the pod's namespace (a single excursion, see
/// Netns/README.md) and one in the plugin's own ("host") namespace. All calls run on the caller's thread.
/// </remarks>
internal static partial class RoutedVeth
{
    /// <summary>The MACs ADD chose, for the result.</summary>
    public sealed record Macs(byte[] Host, byte[] Pod);

    /// <summary>A veth pair <see cref="CreatePair"/> made, still down on the host end and without addresses.</summary>
    public sealed record Pair(int PodIndex, int HostIndex, Macs Macs);

    /// <summary>
    /// The address-independent first half of ADD, done while the daemon allocates: deletes a stale host veth of the
    /// same name, creates the pair (pod end up in the pod, host end down directly in the host namespace) and looks up
    /// both ends' indexes. The host end stays down: an IPv6 pod's sysctls must be written before the pair gets
    /// carrier, and the family is known only from the daemon's reply. On failure deletes what it created.
    /// </summary>
    public static Pair CreatePair(
        RtnetlinkSocket host, RtnetlinkSocket pod, int hostNamespaceFd, string ifName, string hostVeth, uint mtu, Action<string> log)
    {
        // A veth of this name left by an earlier sandbox of the same pod would make the create fail with
        // EEXIST; the VPC CNI deletes it first for the same reason.
        if (host.DeleteLink(hostVeth))
        {
            log($"deleted stale host veth {hostVeth}");
        }

        byte[] hostMac = MacAddress.NewLocallyAdministered();
        byte[] podMac = MacAddress.NewLocallyAdministered();
        pod.CreateVeth(ifName, podMac, mtu, hostVeth, hostMac, hostNamespaceFd);
        try
        {
            return new Pair(RequireLink(pod, ifName).Index, RequireLink(host, hostVeth).Index, new Macs(hostMac, podMac));
        }
        catch (NetlinkException e)
        {
            log($"setup failed, undoing: {e.Message}");
            DeletePair(host, hostVeth, log);
            throw;
        }
    }

    /// <summary>Deletes a pair made by <see cref="CreatePair"/> that got no address (the daemon refused); never throws.</summary>
    public static void DeletePair(RtnetlinkSocket host, string hostVeth, Action<string> log)
    {
        try
        {
            host.DeleteLink(hostVeth);
        }
        catch (NetlinkException e)
        {
            // The next ADD of this pod deletes the stale veth anyway.
            log($"deleting {hostVeth} after the failed ADD failed: {e.Message}");
        }
    }

    /// <summary>
    /// The second half of ADD, once the address is known: brings the pair up, then addresses, routes, the gateway's
    /// permanent neighbour entry, the host route and the rules. On failure removes what it created (deleting the host
    /// end takes the pod end, its routes and neighbour with it) and rethrows.
    /// </summary>
    /// <remarks>
    /// An IPv6 pod gets the same shape with its family's values: a /128, the link route and default route via
    /// fe80::1 with a permanent NDP entry for it, a host /128 route and rules, plus the per-interface IPv6
    /// sysctls (<see cref="Ipv6Sysctls"/>) written before the pair gets carrier. The /128 is added without DAD
    /// (NetlinkMessageBuilder's IFA_F_NODAD) and the veth ends with accept_dad=0, so nothing is tentative
    /// when ADD returns; <see cref="Verify"/> reports a tentative address as a problem.
    /// </remarks>
    public static Macs Attach(
        RtnetlinkSocket host, RtnetlinkSocket pod, NetworkNamespace podNamespace, Pair pair, PodAttachment attachment, Action<string> log)
    {
        try
        {
            int podIndex = pair.PodIndex;
            int hostIndex = pair.HostIndex;
            if (attachment.IsIpv6)
            {
                Ipv6Sysctls.ApplyToHost(attachment.HostVeth);
                Ipv6Sysctls.ApplyToPod(podNamespace, attachment.IfName);
            }

            host.SetLinkUp(hostIndex, attachment.HostVeth);

            // VPC CNI order: link route to the gateway first (the default route's nexthop must be reachable),
            // then the default route, then the address, then the static ARP/NDP entry for the gateway pointing
            // at the host end's MAC, which we chose ourselves so no lookup is needed.
            IPAddress gateway = attachment.PodGateway;
            byte hostLength = attachment.HostLength;
            pod.ReplaceRoute(gateway, hostLength, null, podIndex, PodAttachment.MainTable);
            pod.ReplaceRoute(null, 0, gateway, podIndex, PodAttachment.MainTable);
            pod.AddAddress(podIndex, attachment.PodIp, hostLength);
            pod.ReplaceNeighbour(podIndex, gateway, pair.Macs.Host);

            host.ReplaceRoute(attachment.PodIp, hostLength, null, hostIndex, PodAttachment.MainTable);
            host.AddRule(PodAttachment.ToPodRulePriority, null, attachment.PodIp, PodAttachment.MainTable);
            if (attachment.RouteTableId != PodAttachment.MainTable)
            {
                host.AddRule(PodAttachment.FromPodRulePriority, attachment.PodIp, null, attachment.RouteTableId);
            }
        }
        catch (Exception e)
        {
            log($"setup failed, undoing: {e.Message}");
            Undo(host, attachment, log);
            throw;
        }

        return pair.Macs;
    }

    /// <summary>Removes the host route, rules and the pair of a pod wired (perhaps partly) by <see cref="Attach"/>; never throws.</summary>
    public static void Undo(RtnetlinkSocket host, PodAttachment attachment, Action<string> log)
    {
        try
        {
            DetachHost(host, attachment.PodIp, log);
            host.DeleteLink(attachment.HostVeth);
        }
        catch (NetlinkException e)
        {
            // The original failure is what the runtime must see; a failed undo is only logged, and the
            // next ADD of this pod deletes the stale veth anyway.
            log($"undo incomplete: {e.Message}");
        }
    }

    private static LinkEntry RequireLink(RtnetlinkSocket socket, string name)
    {
        return socket.FindLink(name)
            ?? throw new NetlinkException($"RTM_GETLINK {name} in {socket.NamespaceName}", Errnos.ENODEV, "link vanished right after it was created");
    }
}
