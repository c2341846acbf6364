using EsCni.Plugin.Commands;

namespace EsCni.Plugin.Egress;

/// <summary>IPv4 egress of an IPv6 pod, per CNI verb: reserve + SNAT + wire on ADD, verify on CHECK, undo on DEL/GC.</summary>
/// <remarks>
/// The equivalent of the VPC CNI's chained `egress-cni` (ENABLE_V4_EGRESS), built into the plugin: the 169.254.172.0/22
/// address comes from <see cref="EgressV4Pool"/> (a file store under the plugin's state directory, not the daemon:
/// the address never leaves the node and needs no journal), the pair from <see cref="EgressV4Veth"/>, the SNAT rule
/// from <see cref="EgressV4Snat"/>. The pool's lock is held across reserve, SNAT and wiring so concurrent ADDs neither
/// take one address twice nor append the SNAT rule twice.
/// </remarks>
internal static class EgressV4
{
    /// <summary>What ADD wired, for the result.</summary>
    public sealed record Wired(IPAddress Address, string HostVeth, RoutedVeth.Macs Macs);

    /// <summary>Reserves an address, ensures the SNAT rule and wires `v4if0`; on failure gives the address back and rethrows.</summary>
    public static Wired Attach(Invocation call, RtnetlinkSocket host, RtnetlinkSocket pod, int hostNamespaceFd, IPAddress? nodeIp, uint mtu)
    {
        string key = call.AttachmentKey;
        string hostVeth = call.EgressHostVeth;
        using EgressV4Pool pool = EgressV4Pool.Open(call.EgressV4Dir);
        IPAddress address = pool.Reserve(key, hostVeth);
        try
        {
            EgressV4Snat.Ensure(nodeIp, call.Log.Info);
            RoutedVeth.Macs macs = EgressV4Veth.Attach(host, pod, hostNamespaceFd, hostVeth, address, mtu, call.Log.Info);
            call.Log.Info($"IPv4 egress: {EgressV4Veth.PodInterface} {address}/32, host veth {hostVeth}, SNAT to {nodeIp?.ToString() ?? "MASQUERADE"}");
            return new Wired(address, hostVeth, macs);
        }
        catch
        {
            if (pool.Find(key) is { } reservation)
            {
                pool.Release(reservation);
            }

            throw;
        }
    }

    /// <summary>Removes the egress pair and route of <paramref name="key"/> and its reservation; nothing reserved = nothing to do.</summary>
    public static void Detach(Invocation call, RtnetlinkSocket host, string key)
    {
        if (!Directory.Exists(call.EgressV4Dir))
        {
            return;
        }

        using EgressV4Pool pool = EgressV4Pool.Open(call.EgressV4Dir);
        if (pool.Find(key) is not { } reservation)
        {
            return;
        }

        EgressV4Veth.Detach(host, reservation.HostVeth, reservation.Address, call.Log.Info);
        pool.Release(reservation);
        call.Log.Info($"released IPv4 egress address {reservation.Address} of {key}");
    }

    /// <summary>CHECK: the reservation exists and its wiring is in place; returns the problems (empty = healthy).</summary>
    public static List<string> Verify(Invocation call, RtnetlinkSocket host, RtnetlinkSocket pod)
    {
        EgressV4Pool.Reservation? reservation = null;
        if (Directory.Exists(call.EgressV4Dir))
        {
            using EgressV4Pool pool = EgressV4Pool.Open(call.EgressV4Dir);
            reservation = pool.Find(call.AttachmentKey);
        }

        return reservation is null
            ? [$"no IPv4 egress address is reserved for {call.AttachmentKey} in {call.EgressV4Dir}"]
            : EgressV4Veth.Verify(host, pod, reservation.HostVeth, reservation.Address);
    }
}
