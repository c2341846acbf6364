using System.Diagnostics.CodeAnalysis;

namespace EsCni.Domain.Pool;

/// <summary>IPv6 (issue #17): the node's /80 and the pods' addresses in it, as a sparse model that never lists the /80.</summary>
/// <remarks>
/// A /80 has 2^48 addresses. The pool keeps only the live allocations (by key and by address) and a cursor: the next
/// offset into the /80 to hand out, starting at 1 (offset 0 is the network). Every allocation takes the cursor and
/// moves it on, and applying an <see cref="Ipv6Allocated"/> moves it past the address's offset, so no address is
/// ever handed out twice — cooldown holds trivially, without the IPv4 release times. When the cursor passes the
/// /80's last offset (2^48 - 1 allocations on one node) allocation is refused, never wrapped round to reuse.
/// The VPC CNI never gives a /80 back, so there is no release-to-EC2 lifecycle here; the warm targets do not apply.
/// </remarks>
public sealed partial class NodePool
{
    private readonly List<Ipv6PrefixInfo> _ipv6Prefixes = [];
    private readonly Dictionary<IpamKey, Ipv6Allocation> _v6ByKey = [];
    private readonly Dictionary<Ipv6Address, Ipv6Allocation> _v6ByAddress = [];

    /// <summary>The node's /80s, in the order they joined (allocation uses the first).</summary>
    public IReadOnlyList<Ipv6PrefixInfo> Ipv6Prefixes => _ipv6Prefixes;

    /// <summary>The ENI of the /80 request in flight (an <see cref="Ipv6PrefixRequested"/> without its outcome), or null.</summary>
    public string? PendingIpv6PrefixEni { get; private set; }

    /// <summary>The offset into the /80 the next IPv6 allocation takes; 1 on a fresh node, only ever grows.</summary>
    public ulong NextIpv6Offset { get; private set; } = 1;

    /// <summary>
    /// Whether the pool holds anything of IPv6 (a /80, an allocation, a cursor moved on, a request in flight): its snapshot
    /// is then format 3, which a build from before IPv6 refuses rather than loading without that state.
    /// </summary>
    public bool HoldsIpv6State => _ipv6Prefixes.Count > 0 || _v6ByKey.Count > 0 || NextIpv6Offset > 1 || PendingIpv6PrefixEni is not null;

    /// <summary>How many IPv6 allocations exist.</summary>
    public int Ipv6AllocationCount => _v6ByKey.Count;

    /// <summary>
    /// The IPv6 allocation a DEL's, CHECK's or GC's key names: the key's own, or the one adopted under another network
    /// name (the VPC CNI's `aws-cni`) for the same container and interface, as <see cref="TryGetAllocationFor"/> for IPv4.
    /// </summary>
    public bool TryGetIpv6Allocation(IpamKey key, [NotNullWhen(true)] out Ipv6Allocation? allocation)
    {
        allocation = _v6ByKey.TryGetValue(key, out Ipv6Allocation? own) ? own : SameSandbox(_v6ByKey.Values, key, a => a.Key);
        return allocation is not null;
    }

    /// <summary>The IPv6 allocation holding an address.</summary>
    public bool TryGetIpv6Allocation(Ipv6Address address, [NotNullWhen(true)] out Ipv6Allocation? allocation) => _v6ByAddress.TryGetValue(address, out allocation);

    /// <summary>All IPv6 allocations, by address.</summary>
    public IReadOnlyList<Ipv6Allocation> GetIpv6Allocations() => _v6ByAddress.Values.OrderBy(a => a.Address).ToList();

    // The /80 holding the address, if the node has it.
    private Ipv6PrefixInfo? Ipv6PrefixOf(Ipv6Address address)
    {
        foreach (Ipv6PrefixInfo info in _ipv6Prefixes)
        {
            if (info.Prefix.Contains(address))
            {
                return info;
            }
        }

        return null;
    }

    private void ApplyIpv6PrefixAdded(Ipv6PrefixAdded e)
    {
        if (PendingIpv6PrefixEni == e.EniId)
        {
            PendingIpv6PrefixEni = null;
        }

        if (e.Prefix.IsValid && !_ipv6Prefixes.Exists(p => p.Prefix == e.Prefix))
        {
            _ipv6Prefixes.Add(new Ipv6PrefixInfo(e.EniId, e.Prefix, e.At));
        }
    }

    private void ApplyIpv6Allocated(Ipv6Allocated e, long lsn)
    {
        // Like IPv4, an address outside the node's /80s changes nothing; the invariant checker reports it.
        if (Ipv6PrefixOf(e.Address) is not { } info || !info.Prefix.TryGetOffset(e.Address, out ulong offset))
        {
            return;
        }

        if (_v6ByAddress.Remove(e.Address, out Ipv6Allocation? previous))
        {
            _v6ByKey.Remove(previous.Key);
        }

        if (_v6ByKey.Remove(e.Key, out Ipv6Allocation? sameKey))
        {
            _v6ByAddress.Remove(sameKey.Address);
        }

        Ipv6Allocation allocation = new(e.Address, e.EniId, e.Key, e.Pod, e.Netns, e.At, lsn);
        _v6ByKey[e.Key] = allocation;
        _v6ByAddress[e.Address] = allocation;
        if (offset >= NextIpv6Offset)
        {
            NextIpv6Offset = offset == ulong.MaxValue ? offset : offset + 1;
        }

        _ipv6HandedOutThrough = Math.Max(_ipv6HandedOutThrough, offset);
    }

    private void ApplyIpv6Released(Ipv6Released e)
    {
        // As for IPv4, the release ends whatever holds the address (Decide only ever releases the key's own).
        if (_v6ByAddress.Remove(e.Address, out Ipv6Allocation? allocation))
        {
            _v6ByKey.Remove(allocation.Key);
        }
    }
}
