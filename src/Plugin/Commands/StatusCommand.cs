namespace EsCni.Plugin.Commands;

/// <summary>CNI STATUS (1.1.0): ready when escni-ipamd says it can serve ADD; otherwise code 50. At capacity it stays ready and logs a warning.</summary>
internal static class StatusCommand
{
    public static async Task<int> RunAsync(Invocation call)
    {
        RequireVersion(call, "STATUS");
        using var daemon = new DaemonClient(call.SocketPath);
        StatusReply reply = await daemon.StatusAsync();
        if (!reply.Ready)
        {
            throw new CniException(
                CniErrorCode.NotReady,
                $"escni-ipamd is not ready: {(reply.Reason.Length == 0 ? "no reason given" : reply.Reason)}",
                $"free IPs {reply.FreeIps}, allocated {reply.AllocatedIps}");
        }

        // A full node stays ready: STATUS failing would make the runtime report the whole node's network NotReady.
        if (reply.AtCapacity)
        {
            call.Log.Warn($"STATUS ready, at capacity: {reply.Capacity}; {reply.AllocatedIps} allocated, so ADDs fail until a pod is deleted; kubelet max-pods should be {reply.MaxPods}");
            return 0;
        }

        call.Log.Debug($"STATUS ready: {reply.FreeIps} free, {reply.AllocatedIps} allocated of {reply.MaxPodIps} ({reply.Capacity})");
        return 0;
    }

    /// <summary>STATUS and GC exist from spec 1.1.0 on; an older config cannot ask for them (skel does the same).</summary>
    public static void RequireVersion(Invocation call, string verb)
    {
        if (!CniVersion.HasStatusAndGc(call.Version))
        {
            throw new CniException(
                CniErrorCode.IncompatibleVersion,
                $"config version \"{call.Version}\" does not allow {verb}",
                $"{verb} needs cniVersion 1.1.0");
        }
    }
}
