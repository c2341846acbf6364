namespace EsCni.Plugin.Commands;

/// <summary>CNI CHECK: the daemon still holds the IP and every link, address, route, neighbour and rule is in place (for an IPv6 pod, its IPv4 egress too).</summary>
internal static class CheckCommand
{
    public static async Task<int> RunAsync(Invocation call)
    {
        CniEnvironment env = call.Env;
        PrevResult previous = PrevResult.From(call.Config.PrevResult, env.IfName);
        if (call.Config.PrevResult is null || previous.PodIps.Count == 0)
        {
            throw new CniException(
                CniErrorCode.InvalidNetworkConfig,
                "CHECK needs prevResult with the pod's address",
                "the runtime passes the cached ADD result as prevResult; run ADD first");
        }

        IPAddress ip = previous.PodIps[0];
        using var daemon = new DaemonClient(call.SocketPath);
        CheckReply record = await daemon.CheckAsync(new CheckRequest
        {
            ContainerId = env.ContainerId,
            IfName = env.IfName,
            NetworkName = call.NetworkName,
            RequestId = call.RequestId,
        });
        IpAllocationMetadata? held = record.IpAllocationMetadata.FirstOrDefault(m => ip.Equals(m.PodAddress()));
        if (!record.Found || held is null)
        {
            string holds = record.Found ? string.Join(", ", record.IpAllocationMetadata.Select(m => m.AddressText)) : "nothing";
            throw new CniException(
                CniErrorCode.Internal,
                $"CHECK failed: escni-ipamd holds {holds} for {env.ContainerId}/{env.IfName}, prevResult says {ip}",
                "delete and recreate the pod sandbox");
        }

        uint table = held.RouteTableId == 0 ? PodAttachment.MainTable : (uint)held.RouteTableId;
        var attachment = new PodAttachment(env.IfName, previous.HostVeth ?? call.HostVeth, ip, table, 0);
        using NetworkNamespace host = NetworkNamespace.OpenCurrent();
        using NetworkNamespace pod = PodNamespaceAccess.Open(env.Netns, host);
        using RtnetlinkSocket podSocket = PodNamespaceAccess.OpenSocket(pod);
        using RtnetlinkSocket hostSocket = RtnetlinkSocket.Open("host namespace");
        List<string> problems = RoutedVeth.Verify(hostSocket, podSocket, attachment, previous.PodMac);
        if (attachment.IsIpv6 && call.V4EgressEnabled)
        {
            problems.AddRange(EgressV4.Verify(call, hostSocket, podSocket));
        }

        if (problems.Count > 0)
        {
            throw new CniException(
                CniErrorCode.Internal,
                $"CHECK failed for {env.ContainerId}/{env.IfName}: {problems[0]}",
                string.Join("; ", problems));
        }

        call.Log.Info($"CHECK passed for {ip}");
        return 0;
    }
}
