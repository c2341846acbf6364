using System.Diagnostics;
using System.Runtime.ExceptionServices;
using EsCni.Plugin.Logging;

namespace EsCni.Plugin.Commands;

/// <summary>CNI ADD: allocate an IP from escni-ipamd and wire the pod (reference/vpc-cni.md §3).</summary>
/// <remarks>
/// An IPv6 address from the daemon gets the IPv6 wiring (/128, fe80::1) and, unless the config turns it off, the
/// IPv4 egress pair (Egress/EgressV4.cs), the built-in equivalent of the VPC CNI's chained egress-cni.
/// </remarks>
internal static class AddCommand
{
    public static async Task<int> RunAsync(Invocation call)
    {
        CniEnvironment env = call.Env;
        uint mtu = (uint)(call.Config.Mtu ?? NetConf.DefaultMtu);
        long started = Stopwatch.GetTimestamp();

        // Everything that can be refused without side effects is checked before the IP is allocated, so
        // these failures need no rollback.
        using NetworkNamespace host = NetworkNamespace.OpenCurrent();
        using NetworkNamespace pod = PodNamespaceAccess.Open(env.Netns, host);
        using RtnetlinkSocket podSocket = PodNamespaceAccess.OpenSocket(pod);
        using RtnetlinkSocket hostSocket = RtnetlinkSocket.Open("host namespace");
        if (podSocket.FindLink(env.IfName) is not null)
        {
            throw new CniException(
                CniErrorCode.Internal,
                $"interface {env.IfName} already exists in {env.Netns}",
                "the spec forbids ADD over an existing interface; DEL the attachment first or pick another CNI_IFNAME");
        }

        TimeSpan prepared = Stopwatch.GetElapsedTime(started);
        PhaseTrace.Mark("open namespaces and netlink sockets");
        using var daemon = new DaemonClient(call.SocketPath);
        AddNetworkRequest request = DaemonRequests.Add(call);
        using PendingReply<AddNetworkReply> pending = daemon.StartAddNetwork(request);
        PhaseTrace.Mark("AddNetwork sent (connect, HTTP/2 request)");

        // The pair needs no address: create it while the daemon allocates and appends durably (overlapping ~1.2 ms of
        // kernel work with the call). A failure here is reported once the reply says whether an IP must be released.
        RoutedVeth.Pair? pair = null;
        ExceptionDispatchInfo? pairFailure = null;
        try
        {
            pair = RoutedVeth.CreatePair(hostSocket, podSocket, host.Fd, env.IfName, call.HostVeth, mtu, call.Log.Info);
        }
        catch (Exception e)
        {
            pairFailure = ExceptionDispatchInfo.Capture(e);
        }

        PhaseTrace.Mark("create veth pair (while the daemon allocates)");
        AddNetworkReply reply;
        try
        {
            reply = pending.Finish();
        }
        catch (CniException)
        {
            // Refused or unreachable: nothing was allocated, so only the pair is undone; the daemon's error is the answer.
            if (pair is not null)
            {
                RoutedVeth.DeletePair(hostSocket, call.HostVeth, call.Log.Info);
            }

            throw;
        }

        PhaseTrace.Mark("AddNetwork reply (daemon allocation + durable append)");
        TimeSpan allocated = Stopwatch.GetElapsedTime(started);
        PodAttachment attachment;
        RoutedVeth.Macs macs;
        EgressV4.Wired? egress = null;
        try
        {
            pairFailure?.Throw();
            attachment = ToAttachment(reply, env.IfName, call.HostVeth, mtu);
            call.Log.Info($"allocated {attachment.PodIp} (table {attachment.RouteTableId}{(reply.Existing ? ", existing" : "")}); host veth {attachment.HostVeth}");
            macs = RoutedVeth.Attach(hostSocket, podSocket, pod, pair!, attachment, call.Log.Info);
            if (attachment.IsIpv6 && call.V4EgressEnabled)
            {
                try
                {
                    egress = EgressV4.Attach(call, hostSocket, podSocket, host.Fd, NodeIpv4(reply), mtu);
                }
                catch
                {
                    RoutedVeth.Undo(hostSocket, attachment, call.Log.Info);
                    throw;
                }
            }
        }
        catch (Exception e)
        {
            if (pair is not null)
            {
                // A reply refused by ToAttachment leaves the bare pair; after Attach's own undo this finds nothing.
                RoutedVeth.DeletePair(hostSocket, call.HostVeth, call.Log.Info);
            }

            // ptp defers the IPAM DEL "to avoid ip leak"; the VPC CNI releases with reason SetupNSFailed.
            await ReleaseAfterFailureAsync(call, daemon, e);
            throw e as CniException ?? new CniException(
                CniErrorCode.Internal, $"setting up {env.IfName} in {env.Netns} failed: {e.Message}", "the IP was released", e);
        }

        TimeSpan wired = Stopwatch.GetElapsedTime(started);
        call.Log.Info($"ADD done: {env.IfName} {attachment.PodIp}/{attachment.HostLength} in {env.Netns}");
        // No process uptime here: System.Diagnostics.Process installs the runtime's terminal and SIGCHLD handling (a
        // thread, signal handlers) and reads /etc/localtime, ~1.5 ms of every ADD even at info level. ESCNI_PLUGIN_TRACE
        // measures the runtime's start instead.
        call.Log.Debug($"timings since start of ADD: namespaces and sockets {prepared.TotalMilliseconds:F2} ms, "
            + $"AddNetwork {(allocated - prepared).TotalMilliseconds:F2} ms, wiring {(wired - allocated).TotalMilliseconds:F2} ms");
        CniResultWriter.WriteResult(call.Stdout, Result(call, attachment, macs, egress), call.Version);
        PhaseTrace.Mark("write result");
        return 0;
    }

    private static PodAttachment ToAttachment(AddNetworkReply reply, string ifName, string hostVeth, uint mtu)
    {
        if (!reply.Success || reply.IpAllocationMetadata.Count == 0)
        {
            throw new CniException(CniErrorCode.Internal, "escni-ipamd answered AddNetwork without an address", $"success={reply.Success}");
        }

        IpAllocationMetadata ip = reply.IpAllocationMetadata[0];
        if (ip.Ipv4Addr.Length > 0 && ip.Ipv6Addr.Length > 0)
        {
            // The VPC CNI has no dual stack either: an IPv6 cluster's pods are IPv6 with IPv4 egress.
            throw new CniException(CniErrorCode.Internal, $"escni-ipamd returned both {ip.Ipv4Addr} and {ip.Ipv6Addr}; dual-stack pods are not supported");
        }

        if (ip.PodAddress() is not { } address)
        {
            throw new CniException(CniErrorCode.Internal, $"escni-ipamd returned '{ip.AddressText}', which is not an IPv4 or IPv6 address");
        }

        // proto3 cannot tell "unset" from 0, so 0 means the main table; 253/255 are the kernel's
        // default/local tables, which a pod rule must never point at.
        uint table = ip.RouteTableId == 0 ? PodAttachment.MainTable : (uint)ip.RouteTableId;
        if (ip.RouteTableId < 0 || table is 253 or 255)
        {
            throw new CniException(CniErrorCode.Internal, $"escni-ipamd returned route table {ip.RouteTableId} for {address}; expected 254 (main) or an ENI table");
        }

        return new PodAttachment(ifName, hostVeth, address, table, mtu);
    }

    private static async Task ReleaseAfterFailureAsync(Invocation call, DaemonClient daemon, Exception cause)
    {
        call.Log.Error($"ADD failed after allocation, releasing the IP: {cause.Message}");
        try
        {
            await daemon.DelNetworkAsync(DaemonRequests.Del(call, "SetupNSFailed"));
        }
        catch (CniException e)
        {
            // The runtime follows a failed ADD with DEL, which releases it then.
            call.Log.Error($"releasing the IP after the failed ADD also failed: {e.Message}; the runtime's DEL will retry");
        }
    }

    private static IPAddress? NodeIpv4(AddNetworkReply reply)
    {
        if (reply.NodeIpv4.Length == 0)
        {
            return null;
        }

        return IPAddress.TryParse(reply.NodeIpv4, out IPAddress? ip) && ip.AddressFamily == AddressFamily.InterNetwork
            ? ip
            : throw new CniException(CniErrorCode.Internal, $"escni-ipamd returned node_ipv4 '{reply.NodeIpv4}', which is not an IPv4 address");
    }

    private static CniResult Result(Invocation call, PodAttachment attachment, RoutedVeth.Macs macs, EgressV4.Wired? egress)
    {
        // Host veth first with no sandbox, then the pod interface: the layout portmap, tuning and bandwidth
        // look for (reference/cni-netlink.md §2); ips[].interface points at the pod interface.
        string gateway = attachment.PodGateway.ToString();
        List<CniInterface> interfaces =
        [
            new CniInterface { Name = attachment.HostVeth, Mac = MacAddress.Format(macs.Host), Mtu = (int)attachment.Mtu },
            new CniInterface { Name = attachment.IfName, Mac = MacAddress.Format(macs.Pod), Mtu = (int)attachment.Mtu, Sandbox = call.Env.Netns },
        ];
        if (egress is not null)
        {
            // The egress pair is listed (as the VPC CNI's egress-cni appends its interfaces) but its 169.254 address is
            // not in ips[]: the runtime reports ips[] as the pod's IPs, and the pod's IP is its IPv6 address.
            interfaces.Add(new CniInterface { Name = egress.HostVeth, Mac = MacAddress.Format(egress.Macs.Host), Mtu = (int)attachment.Mtu });
            interfaces.Add(new CniInterface
            {
                Name = EgressV4Veth.PodInterface,
                Mac = MacAddress.Format(egress.Macs.Pod),
                Mtu = (int)attachment.Mtu,
                Sandbox = call.Env.Netns,
            });
        }

        return new CniResult
        {
            Interfaces = interfaces,
            Ips = [new CniIpConfig { Address = $"{attachment.PodIp}/{attachment.HostLength}", Gateway = gateway, Interface = 1 }],
            Routes = [new CniRoute { Destination = attachment.IsIpv6 ? "::/0" : "0.0.0.0/0", Gateway = gateway }],
        };
    }
}
