using EsCni.Domain.Codec.Mapping;
using EsCni.Domain.Codec.Proto;

namespace EsCni.Domain.Pool;

/// <summary>Snapshot of the IPv6 state (pool_snapshot.proto fields 12–15): the /80s, live allocations, cursor, pending request.</summary>
/// <remarks>A snapshot from before IPv6 has none of these fields and loads as a node with no /80 and the cursor at 1.</remarks>
public sealed partial class NodePool
{
    private void WriteIpv6(PoolSnapshot s)
    {
        s.Ipv6Prefixes.AddRange(_ipv6Prefixes.OrderBy(p => p.Prefix).Select(p => new SnapshotIpv6Prefix
        {
            EniId = p.EniId,
            Network = Ipv6EventMapping.Bytes(p.Prefix.Network),
            Length = p.Prefix.Length,
            AddedAt = Time(p.AddedAt),
        }));
        s.Ipv6Allocations.AddRange(GetIpv6Allocations().Select(a => new SnapshotIpv6Allocation
        {
            Address = Ipv6EventMapping.Bytes(a.Address),
            EniId = a.EniId,
            Key = SharedMapping.Fill(null, a.Key),
            Pod = SharedMapping.Fill(null, a.Pod),
            Netns = a.Netns,
            AllocatedAt = Time(a.AllocatedAt),
            AllocatedLsn = a.AllocatedLsn,
        }));
        // Absent (0) while at 1, so a pool without IPv6 state writes none of fields 12–15: the same bytes as before IPv6.
        s.Ipv6NextOffset = NextIpv6Offset > 1 ? NextIpv6Offset : 0;
        if (PendingIpv6PrefixEni is { } pending)
        {
            s.PendingIpv6PrefixEni = pending;
        }
    }

    private void ReadIpv6(PoolSnapshot s)
    {
        // Sorted by network in the snapshot; allocation uses the first, so join order is restored by time.
        foreach (SnapshotIpv6Prefix p in s.Ipv6Prefixes.OrderBy(p => Time(p.AddedAt)))
        {
            Ipv6Prefix prefix = Ipv6EventMapping.PrefixOf(p.Network, p.Length);
            if (_ipv6Prefixes.Exists(known => known.Prefix == prefix))
            {
                throw new FormatException($"IPv6 prefix {prefix} appears twice");
            }

            _ipv6Prefixes.Add(new Ipv6PrefixInfo(p.EniId, prefix, Time(p.AddedAt)));
        }

        foreach (SnapshotIpv6Allocation a in s.Ipv6Allocations)
        {
            Ipv6Allocation allocation = new(Ipv6EventMapping.AddressOf(a.Address), a.EniId, SharedMapping.Read(a.Key), SharedMapping.Read(a.Pod), a.Netns,
                Time(a.AllocatedAt), a.AllocatedLsn);
            if (!_v6ByAddress.TryAdd(allocation.Address, allocation) || !_v6ByKey.TryAdd(allocation.Key, allocation))
            {
                throw new FormatException($"IPv6 allocation of {allocation.Address} to {allocation.Key}: the address or the key appears twice");
            }
        }

        NextIpv6Offset = Math.Max(1UL, s.Ipv6NextOffset);
        // Not in the snapshot: assume everything below the cursor was handed out (adoption then refuses it; NodePool.Adoption.Ipv6.cs).
        _ipv6HandedOutThrough = NextIpv6Offset - 1;
        PendingIpv6PrefixEni = s.HasPendingIpv6PrefixEni ? s.PendingIpv6PrefixEni : null;
    }
}
