namespace EsCni.Domain.Pool;

/// <summary>Self-check of the derived indexes (free set, key index, per-ENI counts) against the IP slots they summarise.</summary>
/// <remarks>
/// Evolve keeps these indexes incrementally for speed; a slip there would not show in snapshots (which store slots
/// only), so the property tests call this after every sequence.
/// </remarks>
public sealed partial class NodePool
{
    internal List<string> FindInconsistencies()
    {
        List<string> problems = [];
        HashSet<FreeSlotOrder> expectedFree = _ips.Values.Where(IsAllocatable).Select(s => new FreeSlotOrder(s.ReleasedTicks, s.Ip)).ToHashSet();
        if (!expectedFree.SetEquals(_free))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"free set has {_free.Count} entries, slots say {expectedFree.Count}"));
        }

        int owned = _ips.Values.Count(s => s.Owner is not null);
        if (owned != _byKey.Count || _ips.Values.Any(s => s.Owner is { } o && !ReferenceEquals(_byKey.GetValueOrDefault(o.Key), o)))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"key index has {_byKey.Count} entries, slots own {owned}"));
        }

        foreach (EniState eni in _enis.Values)
        {
            int allocated = eni.Ips.Count(ip => _ips.TryGetValue(ip, out IpSlot? s) && s.Owner is not null && s.EniId == eni.EniId);
            if (allocated != eni.AllocatedCount || eni.Ips.Any(ip => !_ips.TryGetValue(ip, out IpSlot? s) || s.EniId != eni.EniId))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"ENI {eni.EniId} counts {eni.AllocatedCount} allocations, slots say {allocated}"));
            }
        }

        if (_ips.Values.Any(s => !_enis.TryGetValue(s.EniId, out EniState? e) || !e.Ips.Contains(s.Ip)))
        {
            problems.Add("a slot names an ENI that does not list it");
        }

        foreach ((Ipv4Prefix prefix, string eniId) in _prefixes)
        {
            if (!_enis.TryGetValue(eniId, out EniState? eni) || !eni.Prefixes.Contains(prefix)
                || prefix.Addresses().Any(a => !_ips.TryGetValue(a, out IpSlot? s) || s.Prefix != prefix || s.EniId != eniId))
            {
                problems.Add($"prefix {prefix} on ENI {eniId} does not have its 16 slots there");
            }
        }

        if (_ips.Values.Count(s => s.Prefix is not null) != _prefixes.Count * Ipv4Prefix.Size || _enis.Values.Sum(e => e.Prefixes.Count) != _prefixes.Count)
        {
            problems.Add("prefix slots, ENI prefix sets and the prefix index disagree");
        }

        if (_v6ByKey.Count != _v6ByAddress.Count || _v6ByKey.Values.Any(a => !ReferenceEquals(_v6ByAddress.GetValueOrDefault(a.Address), a)))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"IPv6 key index has {_v6ByKey.Count} entries, the address index {_v6ByAddress.Count}"));
        }

        return problems;
    }
}
