using System.Diagnostics;
using System.Runtime.ExceptionServices;
using EsCni.Plugin.Logging;

namespace EsCni.Plugin.Commands;

/// <summary>CNI DEL: release the IP, remove the host route and rules, delete the pod interface. Idempotent.</summary>
/// <remarks>
/// The spec asks DEL to succeed when things are already gone and to be repeatable; the runtime keeps
/// calling a failing DEL and the pod cannot be deleted meanwhile. So "gone" (netns, link, route, rule,
/// allocation) is success. An unreachable daemon is retried for a while, then the release is spooled on the node
/// for the daemon to apply when it is back (DelCommand.Release.cs), and the host is cleaned from prevResult.
/// </remarks>
internal static partial class DelCommand
{
    public static async Task<int> RunAsync(Invocation call)
    {
        CniEnvironment env = call.Env;
        PrevResult previous = PrevResult.From(call.Config.PrevResult, env.IfName);
        using var daemon = new DaemonClient(call.SocketPath);
        DelNetworkRequest request = DaemonRequests.Del(call, "PodDeleted");
        var waited = Stopwatch.StartNew();

        // The release's first attempt is sent before the pod's veth is deleted, so the daemon's durable append and the
        // kernel's veth teardown overlap; the routes through the veth go with it, and the host side is cleaned after.
        Func<DelNetworkReply> firstAttempt = StartRelease(call, daemon, request);
        PhaseTrace.Mark("DelNetwork sent (connect, HTTP/2 request)");
        ExceptionDispatchInfo? podFailure = null;
        try
        {
            DeletePodInterface(call);
        }
        catch (Exception e)
        {
            // Reported after the release and the host cleanup, which must happen whatever the pod side did.
            podFailure = ExceptionDispatchInfo.Capture(e);
        }

        PhaseTrace.Mark("delete pod veth (while the daemon releases)");
        (IReadOnlyList<IPAddress> ips, bool fromPrevResult, CniException? notSpooled) = await ReleaseAsync(call, previous, daemon, request, firstAttempt, waited);
        PhaseTrace.Mark("DelNetwork reply (daemon release + durable append)");
        using (RtnetlinkSocket host = RtnetlinkSocket.Open("host namespace"))
        {
            foreach (IPAddress ip in ips)
            {
                if (fromPrevResult)
                {
                    RoutedVeth.DetachHostUnlessReassigned(host, ip, call.HostVeth, call.Log.Info);
                }
                else
                {
                    RoutedVeth.DetachHost(host, ip, call.Log.Info);
                }
            }

            // Keyed by the attachment, not by an IP: runs whether or not the daemon or prevResult said IPv6.
            EgressV4.Detach(call, host, call.AttachmentKey);
        }

        PhaseTrace.Mark("host cleanup (rules, egress)");

        podFailure?.Throw();

        if (notSpooled is not null)
        {
            // The host is clean, but the release exists nowhere durable: only a failed DEL makes the runtime call again.
            throw notSpooled;
        }

        call.Log.Info($"DEL done for {env.ContainerId}/{env.IfName}");
        return 0;
    }

    // Deleting the pod end deletes the pair, so the host veth goes too. Skipped when the runtime already
    // deleted the namespace (which removes the pair itself).
    private static void DeletePodInterface(Invocation call)
    {
        string path = call.Env.Netns;
        if (path.Length == 0)
        {
            call.Log.Info("CNI_NETNS is empty: the namespace is gone, and its veth with it");
            return;
        }

        try
        {
            using NetworkNamespace pod = NetworkNamespace.Open(path);
            using NetworkNamespace host = NetworkNamespace.OpenCurrent();
            if (pod.IsSameAs(host))
            {
                // CNI_NETNS naming our own namespace would make "delete the pod's eth0" delete the node's eth0.
                // ADD refuses this outright; DEL still releases the IP and cleans host routes, but never touches links here.
                call.Log.Warn($"CNI_NETNS '{path}' is the plugin's own network namespace; not deleting {call.Env.IfName} there");
                return;
            }

            using RtnetlinkSocket socket = PodNamespaceAccess.OpenSocket(pod);
            DeleteLink(socket, call, path);
        }
        catch (NamespaceNotFoundException)
        {
            call.Log.Info($"namespace {path} is already gone, and its veth with it");
        }
        catch (System.ArgumentException e)
        {
            call.Log.Warn($"not touching CNI_NETNS: {e.Message}");
        }
        catch (NetlinkException e) when (e.Operation.StartsWith("open", System.StringComparison.Ordinal))
        {
            // A path that cannot be opened (too long, a loop, a file in the way) holds no veth of ours; the IP and the
            // host side are already handled, and failing would make the runtime repeat this DEL forever.
            call.Log.Warn($"not touching CNI_NETNS: {e.Message}");
        }
    }

    private static void DeleteLink(RtnetlinkSocket socket, Invocation call, string path)
    {
        string ifName = call.Env.IfName;
        try
        {
            bool deleted = socket.DeleteLink(ifName);
            call.Log.Info(deleted ? $"deleted {ifName} in {path}" : $"{ifName} was already gone in {path}");
        }
        catch (NetlinkException e) when (e.Errno == Errnos.EOPNOTSUPP)
        {
            // The kernel refuses to delete this kind of link (lo): it is not a veth escni created, so it is not ours to remove.
            call.Log.Warn($"{ifName} in {path} cannot be deleted ({e.Message}); it is not a veth escni created, left alone");
        }
        catch (NetlinkException e)
        {
            throw new CniException(
                CniErrorCode.IoFailure,
                $"deleting {ifName} in {path} failed: {e.Message}",
                "the IP is released and the host routes are gone; the runtime retries the DEL");
        }
    }
}
