namespace EsCni.Plugin.Commands;

/// <summary>CNI GC (1.1.0): the daemon releases allocations not in the valid list; we drop their host routes and rules.</summary>
internal static class GcCommand
{
    public static async Task<int> RunAsync(Invocation call)
    {
        StatusCommand.RequireVersion(call, "GC");
        var request = new GcRequest { NetworkName = call.NetworkName, RequestId = call.RequestId };
        var seen = new HashSet<(string, string)>();
        foreach (CniAttachment attachment in Concat(call.Config.ValidAttachments, call.Config.LegacyAttachments))
        {
            if (attachment.ContainerId is { } id && seen.Add((id, attachment.IfName ?? "")))
            {
                request.ValidAttachments.Add(new GcAttachment { ContainerId = id, IfName = attachment.IfName ?? "" });
            }
        }

        using var daemon = new DaemonClient(call.SocketPath);
        GcReply reply = await daemon.GcAsync(request);

        // The runtime has already sent DEL for every attachment it knew, so what is left belongs to pods it
        // forgot; their namespaces are gone (the spec lets GC assume so) and only host state remains.
        using RtnetlinkSocket host = RtnetlinkSocket.Open("host namespace");
        foreach (IpAllocationMetadata released in reply.ReleasedIps)
        {
            if (released.PodAddress() is { } ip)
            {
                RoutedVeth.DetachHost(host, ip, call.Log.Info);
            }
        }

        foreach (GcAttachment gone in reply.Released)
        {
            EgressV4.Detach(call, host, EgressV4Pool.KeyOf(call.NetworkName, gone.ContainerId, gone.IfName));
        }

        call.Log.Info($"GC kept {request.ValidAttachments.Count} attachment(s), released {reply.Released.Count}");
        return 0;
    }

    private static IEnumerable<CniAttachment> Concat(List<CniAttachment>? first, List<CniAttachment>? second)
    {
        foreach (CniAttachment a in first ?? [])
        {
            yield return a;
        }

        foreach (CniAttachment a in second ?? [])
        {
            yield return a;
        }
    }
}
