namespace EsCni.Domain.Invariants;

/// <summary>The prefix-delegation rules: an address in one pool member, a prefix on one ENI, nothing handed out from an unassigned prefix, release only when wholly free.</summary>
/// <remarks>A prefix's 16 addresses enter the same per-address maps as secondary IPs, so the allocation rules (one owner, from the pool, cooldown) cover them unchanged.</remarks>
public sealed partial class InvariantChecker
{
    private readonly Dictionary<Ipv4Prefix, string> _prefixEni = [];
    private readonly Dictionary<Ipv4Prefix, long> _prefixRemovedAt = [];

    private void ObservePrefixesAdded(long lsn, PoolPrefixesAdded e)
    {
        foreach (Ipv4Prefix prefix in e.Prefixes.AsSpan())
        {
            if (_prefixEni.TryGetValue(prefix, out string? holder))
            {
                if (holder != e.EniId)
                {
                    Report(lsn, InvariantRules.PrefixOnOneEni, Format($"prefix {prefix} was added to ENI {e.EniId} while ENI {holder} still held it"));
                }

                continue;
            }

            foreach (Ipv4Address ip in prefix.Addresses())
            {
                if (_poolEni.TryGetValue(ip, out string? member))
                {
                    Report(lsn, InvariantRules.AddressInOnePrefix, Format($"prefix {prefix} was added to ENI {e.EniId} while its address {ip} was already in the pool of ENI {member}"));
                    break;
                }
            }

            _prefixEni[prefix] = e.EniId;
            _prefixRemovedAt.Remove(prefix);
            foreach (Ipv4Address ip in prefix.Addresses())
            {
                _poolEni[ip] = e.EniId;
                _removedAt.Remove(ip);
            }
        }
    }

    private void ObservePrefixesReleaseRequested(long lsn, PoolPrefixesReleaseRequested e)
    {
        foreach (Ipv4Prefix prefix in e.Prefixes.AsSpan())
        {
            foreach (Ipv4Address ip in prefix.Addresses())
            {
                string? why = _owners.TryGetValue(ip, out var owner) ? Format($"{ip} was allocated to {owner.Key}")
                    : _heldAt.ContainsKey(ip) ? Format($"{ip} was held")
                    : _lastRelease.TryGetValue(ip, out var release) && e.At.UtcTicks < release.Ticks + _cooldown.Ticks ? Format($"{ip} was cooling down since LSN {release.Lsn}")
                    : null;
                if (why is not null)
                {
                    Report(lsn, InvariantRules.PrefixReleasedWhenFree, Format($"prefix {prefix} of ENI {e.EniId} was released while {why}"));
                    break;
                }
            }
        }
    }

    private void ObservePrefixesRemoved(long lsn, PoolPrefixesRemoved e)
    {
        foreach (Ipv4Prefix prefix in e.Prefixes.AsSpan())
        {
            foreach (Ipv4Address ip in prefix.Addresses())
            {
                if (_owners.TryGetValue(ip, out var owner))
                {
                    Report(lsn, InvariantRules.RemovedIpNotAllocated, Format($"prefix {prefix} was removed from ENI {e.EniId} while {ip} was allocated to {owner.Key} (since LSN {owner.Lsn})"));
                }

                _poolEni.Remove(ip);
                _removedAt[ip] = lsn;
            }

            _prefixEni.Remove(prefix);
            _prefixRemovedAt[prefix] = lsn;
        }
    }

    // A secondary IP inside a prefix still in the pool would be two members for one address.
    private void CheckNotInPrefix(long lsn, Ipv4Address ip, string eniId)
    {
        if (_prefixEni.TryGetValue(Ipv4Prefix.Of(ip), out string? holder))
        {
            Report(lsn, InvariantRules.AddressInOnePrefix, Format($"IP {ip} was added as a secondary IP of ENI {eniId} while it is an address of prefix {Ipv4Prefix.Of(ip)} on ENI {holder}"));
        }
    }

    private void ForgetPrefixesOf(string eniId, long lsn)
    {
        foreach (Ipv4Prefix prefix in _prefixEni.Where(p => p.Value == eniId).Select(p => p.Key).ToList())
        {
            _prefixEni.Remove(prefix);
            _prefixRemovedAt[prefix] = lsn;
        }
    }
}
