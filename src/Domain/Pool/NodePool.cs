using System.Diagnostics.CodeAnalysis;

namespace EsCni.Domain.Pool;

/// <summary>The node's IP pool as an event-sourced aggregate: <see cref="Decide"/> turns commands into events, <see cref="Apply"/> folds events into state.</summary>
/// <remarks>
/// Not thread-safe: the daemon serialises Decide → append → Apply under one lock. State is mutable for speed
/// (rebuilding a million events must take well under a second). The free set is ordered by release time, so
/// "released longest ago" is its minimum, and if the minimum is still cooling down every free IP is.
/// Files: NodePool.Decide*.cs (commands), NodePool.Evolve.cs (events), NodePool.Holds.cs, NodePool.Snapshot.cs, NodePool.WarmPool.cs.
/// </remarks>
public sealed partial class NodePool
{
    private readonly Dictionary<string, EniState> _enis = new(StringComparer.Ordinal);
    private readonly Dictionary<Ipv4Address, IpSlot> _ips = [];
    private readonly Dictionary<IpamKey, Allocation> _byKey = [];
    private readonly SortedSet<FreeSlotOrder> _free = [];
    private readonly Dictionary<string, PendingEniCreate> _pendingCreates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UnattachedEni> _unattached = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DriftDetected> _openDrifts = new(StringComparer.Ordinal);

    // Last release per IP, kept after the IP leaves the pool so cooldown holds if it comes back (detach → re-attach).
    private readonly Dictionary<Ipv4Address, long> _lastReleased = [];

    /// <summary>An empty pool (no node started, LSN 0).</summary>
    public NodePool()
    {
    }

    /// <summary>The LSN of the last applied event; 0 when none.</summary>
    public long LastLsn { get; private set; }

    /// <summary>The node from the latest <see cref="NodeStarted"/>, or null before the first start.</summary>
    public NodeInfo? Node { get; private set; }

    /// <summary>True after <see cref="NodeStopped"/> until the next <see cref="NodeStarted"/>.</summary>
    public bool IsStopped { get; private set; }

    /// <summary>How many allocations exist (quarantined included).</summary>
    public int AllocationCount => _byKey.Count;

    /// <summary>Attached ENIs, by device index.</summary>
    public IReadOnlyList<EniInfo> GetEnis() => _enis.Values.OrderBy(e => e.DeviceIndex).ThenBy(e => e.EniId, StringComparer.Ordinal).Select(ToInfo).ToList();

    /// <summary>IPs of an ENI whose release to EC2 was requested and not yet settled, sorted.</summary>
    public IReadOnlyList<Ipv4Address> GetReleasingIps(string eniId) =>
        _enis.TryGetValue(eniId, out EniState? eni) ? eni.Ips.Where(ip => _ips[ip] is { ReleaseRequested: true, Prefix: null }).Order().ToList() : [];

    /// <summary>An attached ENI by id.</summary>
    public bool TryGetEni(string eniId, [NotNullWhen(true)] out EniInfo? eni)
    {
        eni = _enis.TryGetValue(eniId, out EniState? state) ? ToInfo(state) : null;
        return eni is not null;
    }

    /// <summary>The allocation a key holds.</summary>
    public bool TryGetAllocation(IpamKey key, [NotNullWhen(true)] out Allocation? allocation) => _byKey.TryGetValue(key, out allocation);

    /// <summary>The allocation holding an IP.</summary>
    public bool TryGetAllocation(Ipv4Address ip, [NotNullWhen(true)] out Allocation? allocation)
    {
        allocation = _ips.TryGetValue(ip, out IpSlot? slot) ? slot.Owner : null;
        return allocation is not null;
    }

    /// <summary>All allocations, by IP.</summary>
    public IReadOnlyList<Allocation> GetAllocations() => _byKey.Values.OrderBy(a => a.Ip).ToList();

    /// <summary>Free IPs that can be handed out at <paramref name="now"/>, in allocation order (released longest ago first).</summary>
    public IReadOnlyList<Ipv4Address> GetFreeIps(DateTimeOffset now)
    {
        long cutoff = CooldownCutoff(now);
        return _free.TakeWhile(f => f.ReleasedTicks <= cutoff).Select(f => f.Ip).ToList();
    }

    /// <summary>Free IPs still cooling down at <paramref name="now"/>, with when each becomes usable.</summary>
    public IReadOnlyList<CoolingIp> GetCoolingIps(DateTimeOffset now)
    {
        long cutoff = CooldownCutoff(now);
        TimeSpan cooldown = Node?.IpCooldown ?? TimeSpan.Zero;
        return _free.Where(f => f.ReleasedTicks > cutoff)
            .Select(f => new CoolingIp(f.Ip, _ips[f.Ip].EniId, new DateTimeOffset(f.ReleasedTicks, TimeSpan.Zero) + cooldown))
            .ToList();
    }

    /// <summary>Totals at <paramref name="now"/>.</summary>
    public PoolCounts GetCounts(DateTimeOffset now)
    {
        long cutoff = CooldownCutoff(now);
        int cooling = 0;
        foreach (FreeSlotOrder f in _free.Reverse())
        {
            if (f.ReleasedTicks <= cutoff)
            {
                break;
            }

            cooling++;
        }

        int quarantined = _byKey.Values.Count(a => a.IsQuarantined);
        int unavailable = _ips.Count - _byKey.Count - _free.Count;
        return new PoolCounts(_enis.Count, _ips.Count, _byKey.Count, quarantined, _free.Count - cooling, cooling, unavailable);
    }

    /// <summary>ENI creates recorded as requested whose outcome is unknown.</summary>
    public IReadOnlyList<PendingEniCreate> GetPendingEniCreates() => _pendingCreates.Values.OrderBy(p => p.ClientToken, StringComparer.Ordinal).ToList();

    /// <summary>ENIs we created that are not attached (created and not attached yet, or detached and not deleted).</summary>
    public IReadOnlyList<UnattachedEni> GetUnattachedEnis() => _unattached.Values.OrderBy(u => u.EniId, StringComparer.Ordinal).ToList();

    /// <summary>Drifts detected and not yet resolved, by subject.</summary>
    public IReadOnlyList<DriftDetected> GetOpenDrifts() => _openDrifts.Values.OrderBy(d => d.Subject, StringComparer.Ordinal).ToList();

    // An IP released at or before the cutoff is out of cooldown at 'now'.
    private long CooldownCutoff(DateTimeOffset now) => now.UtcTicks - (Node?.IpCooldown.Ticks ?? 0);

    // Ips stays the secondary IPs alone (what EC2 lists as such); prefixes come apart, their addresses implied.
    private EniInfo ToInfo(EniState s) => new(s.EniId, s.DeviceIndex, s.Mac, s.SubnetId, s.SubnetCidr, s.PrimaryIp, s.RouteTableId, s.AttachedAt, s.Status,
        ValueList<Ipv4Address>.FromArray(s.Ips.Where(ip => _ips[ip].Prefix is null).Order().ToArray()), s.AllocatedCount, s.PendingIpRequest)
    {
        Prefixes = ValueList<Ipv4Prefix>.FromArray(s.Prefixes.Order().ToArray()),
        PendingPrefixRequest = s.PendingPrefixRequest,
    };

    private bool IsAllocatable(IpSlot slot) =>
        slot.Owner is null && !slot.ReleaseRequested && !IsHeld(slot.Ip) && _enis.TryGetValue(slot.EniId, out EniState? eni) && eni.Status == EniStatus.Attached;

    // Called after every change to a slot or its ENI: the free set holds exactly the allocatable slots.
    private void RefreshFree(IpSlot slot)
    {
        FreeSlotOrder key = new(slot.ReleasedTicks, slot.Ip);
        if (IsAllocatable(slot))
        {
            _free.Add(key);
        }
        else
        {
            _free.Remove(key);
        }
    }

    /// <summary>Route table numbering of the VPC CNI: main (254) for the primary ENI, device index + 1 otherwise.</summary>
    public static int RouteTableFor(int deviceIndex) => deviceIndex == 0 ? 254 : deviceIndex + 1;
}
