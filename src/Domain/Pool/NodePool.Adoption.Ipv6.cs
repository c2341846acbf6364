namespace EsCni.Domain.Pool;

/// <summary>
/// IPv6 adoption (a VPC CNI takeover on an IPv6 node): an address another CNI gave a pod becomes an allocation of the
/// node's /80, journaled as <see cref="Ipv6Allocated"/> with its Source.
/// </summary>
/// <remarks>
/// The address may lie below the cursor: host evidence moves the cursor past every running pod when the /80 is adopted
/// (PoolMaintenanceLoop.Ipv6), before the checkpoint is read. That is safe exactly when this journal never handed the
/// address out, and since allocations go in increasing order, "never handed out" is "past the highest offset any
/// Ipv6Allocated took" (<see cref="_ipv6HandedOutThrough"/>). Adopting moves that mark too, so a takeover adopts its
/// entries in increasing order. A snapshot does not carry the mark; loading one sets it to the cursor, which refuses
/// adoption below it (the safe side: the host evidence still keeps those addresses out of use).
/// </remarks>
public sealed partial class NodePool
{
    // The highest offset an Ipv6Allocated took in this journal (0: none); the cursor may be past it through host evidence.
    private ulong _ipv6HandedOutThrough;

    private Decision DecideAdoptIpv6(AdoptIpv6 c)
    {
        if (string.IsNullOrEmpty(c.Key.ContainerId) || string.IsNullOrEmpty(c.Key.IfName) || string.IsNullOrEmpty(c.Source))
        {
            return Decision.Reject(RejectionCode.InvalidCommand, $"AdoptIpv6 needs a container id, an interface name and a source; got key '{c.Key}', source '{c.Source}'.");
        }

        if (_ipv6Prefixes.Count == 0)
        {
            return Decision.Reject(RejectionCode.NoIpv6Prefix, $"the node has no IPv6 /80 yet, so {c.Address} ({c.Key}, {c.Source}) cannot be adopted; record the /80 first (RecordIpv6PrefixAdded), then adopt.");
        }

        if (Ipv6PrefixOf(c.Address) is not { } info || !info.Prefix.TryGetOffset(c.Address, out ulong offset) || offset == 0)
        {
            return Decision.Reject(RejectionCode.IpNotInPool,
                $"{c.Address} ({c.Key}, {c.Source}) is not a pod address of the node's /80 {_ipv6Prefixes[0].Prefix}; EC2 does not route it to this node, so it cannot be adopted.");
        }

        if (_v6ByAddress.TryGetValue(c.Address, out Ipv6Allocation? owner))
        {
            return owner.Key == c.Key
                ? Decision.UnchangedIpv6(owner)
                : Decision.Reject(RejectionCode.IpAllocated, $"{c.Address} is already allocated to {owner.Key} ({owner.Pod}); {c.Source} says {c.Key} ({c.Pod}).");
        }

        if (_v6ByKey.TryGetValue(c.Key, out Ipv6Allocation? other))
        {
            return Decision.Reject(RejectionCode.IpAllocated, $"key {c.Key} already holds {other.Address}; {c.Source} also names {c.Address} for it.");
        }

        if (offset <= _ipv6HandedOutThrough)
        {
            return Decision.Reject(RejectionCode.IpCoolingDown, string.Create(CultureInfo.InvariantCulture,
                $"{c.Address} (offset {offset}) is at or below offset {_ipv6HandedOutThrough}, which this journal handed out or adopted; an IPv6 address is never given twice, so {c.Source}'s {c.Key} ({c.Pod}) cannot be confirmed — adopt entries in increasing address order."));
        }

        Ipv6Allocated adopted = new(Id(c, nameof(Ipv6Allocated), c.Key.ToString()), c.At, c.Cause, c.Address, info.EniId, c.Key, c.Pod, string.Empty) { Source = c.Source };
        return Decision.AcceptIpv6(adopted, new Ipv6Allocation(c.Address, info.EniId, c.Key, c.Pod, string.Empty, c.At, 0));
    }
}
