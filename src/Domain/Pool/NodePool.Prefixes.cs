namespace EsCni.Domain.Pool;

/// <summary>Prefix delegation: /28 prefixes as pool members, each lending its 16 addresses to pods as single /32s.</summary>
/// <remarks>
/// A prefix's addresses are ordinary slots (<see cref="IpSlot.Prefix"/> names the prefix), so allocation, cooldown,
/// holds and release per address work unchanged and a pool may mix secondary IPs and prefixes (a node that toggled
/// ENABLE_PREFIX_DELEGATION drains the old kind while the new kind grows). What differs: a prefix joins and leaves
/// whole — it goes back to EC2 only when all 16 addresses are free, unheld and out of cooldown — and it takes one
/// IPv4 slot of its ENI, like one secondary IP.
/// </remarks>
public sealed partial class NodePool
{
    // Prefix → the ENI it is delegated to.
    private readonly Dictionary<Ipv4Prefix, string> _prefixes = [];

    /// <summary>When the last prefix assign failed with InsufficientCidrBlocks (no free aligned /28 in the subnet); null after a prefix joins again.</summary>
    public DateTimeOffset? PrefixShortageAt { get; private set; }

    /// <summary>How many /28 prefixes the pool holds.</summary>
    public int PrefixCount => _prefixes.Count;

    /// <summary>All prefixes with their ENI, sorted.</summary>
    public IReadOnlyList<KeyValuePair<Ipv4Prefix, string>> GetPrefixes() => _prefixes.OrderBy(p => p.Key).ToList();

    /// <summary>The prefix an address came from, when it is a prefix address in the pool.</summary>
    public bool TryGetPrefixOf(Ipv4Address ip, out Ipv4Prefix prefix)
    {
        prefix = default;
        if (_ips.TryGetValue(ip, out IpSlot? slot) && slot.Prefix is { } p)
        {
            prefix = p;
            return true;
        }

        return false;
    }

    /// <summary>Prefixes of an ENI whose release to EC2 was requested and not yet settled, sorted.</summary>
    public IReadOnlyList<Ipv4Prefix> GetReleasingPrefixes(string eniId) =>
        _enis.TryGetValue(eniId, out EniState? eni) ? eni.Prefixes.Where(p => _ips[p.Base].ReleaseRequested).Order().ToList() : [];

    /// <summary>The error code EC2 gives when no free, aligned /28 is left in the subnet.</summary>
    public const string InsufficientCidrBlocks = "InsufficientCidrBlocks";

    // True when all 16 addresses could go back to EC2 at the cutoff: none owned, held, releasing or cooling.
    private bool IsPrefixReleasable(Ipv4Prefix prefix, long cutoff, out string why)
    {
        foreach (Ipv4Address ip in prefix.Addresses())
        {
            IpSlot slot = _ips[ip];
            why = slot switch
            {
                { Owner: { } owner } => $"{ip} is allocated to {owner.Key} ({owner.Pod})",
                { ReleaseRequested: true } => $"{ip} already has a release in flight",
                _ when IsHeld(ip) => $"{ip} is held by a pod the journal does not know",
                _ when slot.ReleasedTicks > cutoff => $"{ip} is cooling down",
                _ => string.Empty,
            };
            if (why.Length > 0)
            {
                return false;
            }
        }

        why = string.Empty;
        return true;
    }

    private void ApplyPoolPrefixesAdded(PoolPrefixesAdded e)
    {
        if (!_enis.TryGetValue(e.EniId, out EniState? eni))
        {
            return;
        }

        eni.PendingPrefixRequest = null;
        PrefixShortageAt = null;
        foreach (Ipv4Prefix prefix in e.Prefixes.AsSpan())
        {
            // A prefix joins whole or not at all, so per-ENI slot counts stay exact; an overlap is for the invariant checker to judge.
            if (!prefix.IsAligned || _prefixes.ContainsKey(prefix) || prefix.Addresses().Any(_ips.ContainsKey))
            {
                continue;
            }

            _prefixes[prefix] = e.EniId;
            eni.Prefixes.Add(prefix);
            foreach (Ipv4Address ip in prefix.Addresses())
            {
                IpSlot slot = new() { Ip = ip, EniId = e.EniId, Prefix = prefix, ReleasedTicks = _lastReleased.GetValueOrDefault(ip) };
                _ips[ip] = slot;
                eni.Ips.Add(ip);
                RefreshFree(slot);
            }
        }
    }

    private void ApplyPoolPrefixesRequestFailed(PoolPrefixesRequestFailed e)
    {
        if (_enis.TryGetValue(e.EniId, out EniState? eni))
        {
            eni.PendingPrefixRequest = null;
        }

        if (e.ErrorCode == InsufficientCidrBlocks)
        {
            PrefixShortageAt = e.At;
        }
    }

    private void SetPrefixReleaseRequested(ValueList<Ipv4Prefix> prefixes, bool requested)
    {
        foreach (Ipv4Prefix prefix in prefixes.AsSpan())
        {
            if (_prefixes.ContainsKey(prefix))
            {
                SetReleaseRequested(new ValueList<Ipv4Address>(prefix.Addresses()), requested);
            }
        }
    }

    private void ApplyPoolPrefixesRemoved(PoolPrefixesRemoved e)
    {
        foreach (Ipv4Prefix prefix in e.Prefixes.AsSpan())
        {
            if (!_prefixes.Remove(prefix, out string? eniId))
            {
                continue;
            }

            if (_enis.TryGetValue(eniId, out EniState? eni))
            {
                eni.Prefixes.Remove(prefix);
            }

            foreach (Ipv4Address ip in prefix.Addresses())
            {
                RemoveSlot(ip, evenFromPrefix: true);
            }
        }
    }
}
