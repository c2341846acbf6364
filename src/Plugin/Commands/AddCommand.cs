using System.Diagnostics;

namespace EsCni.Plugin.Commands;

/// <summary>CNI ADD: allocate an IP from escni-ipamd and wire the pod (reference/vpc-cni.md §3).</summary>
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
        using var daemon = new DaemonClient(call.SocketPath);
        AddNetworkReply reply = await daemon.AddNetworkAsync(DaemonRequests.Add(call));

        TimeSpan allocated = Stopwatch.GetElapsedTime(started);
        PodAttachment attachment;
        RoutedVeth.Macs macs;
        try
        {
            attachment = ToAttachment(reply, env.IfName, call.HostVeth, mtu);
            call.Log.Info($"allocated {attachment.PodIp} (table {attachment.RouteTableId}{(reply.Existing ? ", existing" : "")}); host veth {attachment.HostVeth}");
            macs = RoutedVeth.Attach(hostSocket, podSocket, host.Fd, attachment, call.Log.Info);
        }
        catch (Exception e)
        {
            // ptp defers the IPAM DEL "to avoid ip leak"; the VPC CNI releases with reason SetupNSFailed.
            await ReleaseAfterFailureAsync(call, daemon, e);
            throw e as CniException ?? new CniException(
                CniErrorCode.Internal, $"setting up {env.IfName} in {env.Netns} failed: {e.Message}", "the IP was released", e);
        }

        TimeSpan wired = Stopwatch.GetElapsedTime(started);
        call.Log.Info($"ADD done: {env.IfName} {attachment.PodIp}/32 in {env.Netns}");
        call.Log.Debug($"timings since start of ADD: namespaces and sockets {prepared.TotalMilliseconds:F2} ms, "
            + $"AddNetwork {(allocated - prepared).TotalMilliseconds:F2} ms, wiring {(wired - allocated).TotalMilliseconds:F2} ms, "
            + $"process uptime {(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds:F1} ms");
        CniResultWriter.WriteResult(call.Stdout, Result(call, attachment, macs), call.Version);
        return 0;
    }

    private static PodAttachment ToAttachment(AddNetworkReply reply, string ifName, string hostVeth, uint mtu)
    {
        if (!reply.Success || reply.IpAllocationMetadata.Count == 0)
        {
            throw new CniException(CniErrorCode.Internal, "escni-ipamd answered AddNetwork without an address", $"success={reply.Success}");
        }

        IpAllocationMetadata ip = reply.IpAllocationMetadata[0];
        if (!IPAddress.TryParse(ip.Ipv4Addr, out IPAddress? address) || address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new CniException(CniErrorCode.Internal, $"escni-ipamd returned '{ip.Ipv4Addr}', which is not an IPv4 address");
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

    private static CniResult Result(Invocation call, PodAttachment attachment, RoutedVeth.Macs macs)
    {
        // Host veth first with no sandbox, then the pod interface: the layout portmap, tuning and bandwidth
        // look for (reference/cni-netlink.md §2); ips[].interface points at the pod interface.
        return new CniResult
        {
            Interfaces =
            [
                new CniInterface { Name = attachment.HostVeth, Mac = MacAddress.Format(macs.Host), Mtu = (int)attachment.Mtu },
                new CniInterface { Name = attachment.IfName, Mac = MacAddress.Format(macs.Pod), Mtu = (int)attachment.Mtu, Sandbox = call.Env.Netns },
            ],
            Ips = [new CniIpConfig { Address = $"{attachment.PodIp}/32", Gateway = PodAttachment.Gateway.ToString(), Interface = 1 }],
            Routes = [new CniRoute { Destination = "0.0.0.0/0", Gateway = PodAttachment.Gateway.ToString() }],
        };
    }
}
