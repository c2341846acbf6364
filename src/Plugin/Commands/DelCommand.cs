using System.Collections.Generic;
using System.Net;
using System.Threading.Tasks;
using EsCni.Plugin.Cni;
using EsCni.Plugin.Daemon;
using EsCni.Plugin.Netlink;
using EsCni.Plugin.Netns;
using EsCni.Plugin.Wiring;
using EsCni.Protocol.V1;

namespace EsCni.Plugin.Commands;

/// <summary>CNI DEL: release the IP, remove the host route and rules, delete the pod interface. Idempotent.</summary>
/// <remarks>
/// The spec asks DEL to succeed when things are already gone and to be repeatable; the runtime keeps
/// calling a failing DEL and the pod cannot be deleted meanwhile. So "gone" (netns, link, route, rule,
/// allocation) is success, and an unreachable daemon still gets the host cleaned from prevResult — the
/// IP then stays allocated until the daemon's GC, which the runtime drives.
/// </remarks>
internal static class DelCommand
{
    public static async Task<int> RunAsync(Invocation call)
    {
        CniEnvironment env = call.Env;
        PrevResult previous = PrevResult.From(call.Config.PrevResult, env.IfName);
        IReadOnlyList<IPAddress> ips = await ReleaseAsync(call, previous);

        using (RtnetlinkSocket host = RtnetlinkSocket.Open("host namespace"))
        {
            foreach (IPAddress ip in ips)
            {
                RoutedVeth.DetachHost(host, ip, call.Log.Info);
            }
        }

        DeletePodInterface(call);
        call.Log.Info($"DEL done for {env.ContainerId}/{env.IfName}");
        return 0;
    }

    private static async Task<IReadOnlyList<IPAddress>> ReleaseAsync(Invocation call, PrevResult previous)
    {
        using var daemon = new DaemonClient(call.SocketPath);
        DelNetworkReply reply;
        try
        {
            reply = await daemon.DelNetworkAsync(new DelNetworkRequest
            {
                K8SPodName = call.PodName,
                K8SPodNamespace = call.PodNamespace,
                K8SPodInfraContainerId = call.Env.Arg("K8S_POD_INFRA_CONTAINER_ID"),
                K8SPodUid = call.Env.Arg("K8S_POD_UID"),
                Reason = "PodDeleted",
                ContainerId = call.Env.ContainerId,
                IfName = call.Env.IfName,
                NetworkName = call.NetworkName,
                RequestId = call.RequestId,
            });
        }
        catch (CniException e)
        {
            string source = previous.PodIps.Count == 0 ? "no prevResult, so nothing to clean" : $"cleaning up {string.Join(", ", previous.PodIps)} from prevResult";
            string kind = DaemonClient.IsUnreachable(e) ? "unreachable" : "refused DelNetwork";
            call.Log.Warn($"escni-ipamd {kind} ({e.Message}); {source}; the IP stays allocated until the daemon's GC");
            return previous.PodIps;
        }

        if (!reply.Found)
        {
            call.Log.Info("escni-ipamd held nothing for this attachment (second DEL, or ADD never allocated)");
            return [];
        }

        var ips = new List<IPAddress>();
        foreach (IpAllocationMetadata ip in reply.IpAllocationMetadata)
        {
            if (IPAddress.TryParse(ip.Ipv4Addr, out IPAddress? address))
            {
                ips.Add(address);
            }
        }

        call.Log.Info($"released {string.Join(", ", ips)}");
        return ips;
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
