namespace EsCni.Domain.Invariants;

/// <summary>The IPv6 rules: one owner per address, addresses only from a /80 the node holds, never one address twice in history, one /80 request at a time.</summary>
/// <remarks>
/// "Never twice" is checked as the pool guarantees it: each allocation's offset in its /80 is at or past the cursor
/// (one more than the highest offset handed out before), so the check keeps one number, not every address ever seen.
/// </remarks>
public sealed partial class InvariantChecker
{
    private readonly List<(Ipv6Prefix Prefix, string EniId)> _ipv6Prefixes = [];
    private readonly Dictionary<Ipv6Address, (IpamKey Key, long Lsn)> _ipv6Owners = [];
    private readonly Dictionary<IpamKey, Ipv6Address> _ipv6KeyAddress = [];
    private ulong _ipv6Cursor = 1;
    private ulong _ipv6HandedOut; // the highest offset any Ipv6Allocated took: an adopted address must lie past it
    private (string EniId, long Lsn)? _ipv6PendingRequest;

    private void ObserveIpv6PrefixRequested(long lsn, Ipv6PrefixRequested e)
    {
        if (_ipv6PendingRequest is { } pending)
        {
            Report(lsn, InvariantRules.OneIpv6PrefixRequest, Format($"a /80 was requested on ENI {e.EniId} while the request on ENI {pending.EniId} (LSN {pending.Lsn}) had no outcome"));
        }

        _ipv6PendingRequest = (e.EniId, lsn);
    }

    private void ObserveIpv6PrefixSettled(string eniId)
    {
        if (_ipv6PendingRequest?.EniId == eniId)
        {
            _ipv6PendingRequest = null;
        }
    }

    private void ObserveIpv6PrefixAdded(Ipv6PrefixAdded e)
    {
        ObserveIpv6PrefixSettled(e.EniId);
        if (!_ipv6Prefixes.Exists(p => p.Prefix == e.Prefix))
        {
            _ipv6Prefixes.Add((e.Prefix, e.EniId));
        }
    }

    private void ObserveIpv6Allocated(long lsn, Ipv6Allocated e)
    {
        if (_ipv6Owners.TryGetValue(e.Address, out var owner))
        {
            Report(lsn, InvariantRules.SingleOwner, Format($"IPv6 address {e.Address} was allocated to {e.Key} while {owner.Key} still owned it (allocated at LSN {owner.Lsn})"));
            ForgetIpv6(e.Address, owner.Key);
        }

        if (_ipv6KeyAddress.TryGetValue(e.Key, out Ipv6Address held) && held != e.Address)
        {
            Report(lsn, InvariantRules.OneIpPerKey, Format($"key {e.Key} was given IPv6 address {e.Address} while it still held {held}"));
        }

        int index = _ipv6Prefixes.FindIndex(p => p.Prefix.Contains(e.Address));
        if (index < 0)
        {
            Report(lsn, InvariantRules.Ipv6InNodePrefix, Format($"IPv6 address {e.Address} was allocated to {e.Key} but lies in no /80 the node holds ({_ipv6Prefixes.Count} held)"));
        }
        else if (_ipv6Prefixes[index].Prefix.TryGetOffset(e.Address, out ulong offset))
        {
            if (e.Source.Length > 0 && offset <= _ipv6HandedOut)
            {
                Report(lsn, InvariantRules.Ipv6NeverReused, Format($"IPv6 address {e.Address} (offset {offset}) was adopted from {e.Source} for {e.Key} although offset {_ipv6HandedOut} was handed out before: an address may have been given twice"));
            }
            else if (e.Source.Length == 0 && offset < _ipv6Cursor)
            {
                Report(lsn, InvariantRules.Ipv6NeverReused, Format($"IPv6 address {e.Address} (offset {offset}) was allocated to {e.Key} although offsets below {_ipv6Cursor} were handed out before: an address may have been given twice"));
            }
            else
            {
                // An adopted address below the cursor (moved on by host evidence) leaves it where it is.
                _ipv6Cursor = Math.Max(_ipv6Cursor, offset == ulong.MaxValue ? offset : offset + 1);
            }

            _ipv6HandedOut = Math.Max(_ipv6HandedOut, offset);
        }

        _ipv6Owners[e.Address] = (e.Key, lsn);
        _ipv6KeyAddress[e.Key] = e.Address;
    }

    private void ObserveIpv6Released(long lsn, Ipv6Released e)
    {
        if (!_ipv6Owners.TryGetValue(e.Address, out var owner))
        {
            Report(lsn, InvariantRules.ReleaseMatchesOwner, Format($"IPv6 address {e.Address} was released by {e.Key} but had no owner"));
            return;
        }

        if (owner.Key != e.Key)
        {
            Report(lsn, InvariantRules.ReleaseMatchesOwner, Format($"IPv6 address {e.Address} was released naming {e.Key}, but {owner.Key} owned it (since LSN {owner.Lsn})"));
        }

        ForgetIpv6(e.Address, owner.Key);
    }

    private void ForgetIpv6(Ipv6Address address, IpamKey key)
    {
        _ipv6Owners.Remove(address);
        if (_ipv6KeyAddress.TryGetValue(key, out Ipv6Address held) && held == address)
        {
            _ipv6KeyAddress.Remove(key);
        }
    }
}
