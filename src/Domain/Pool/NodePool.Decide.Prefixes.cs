namespace EsCni.Domain.Pool;

/// <summary>Decide for the prefix lifecycle: request → added / failed, release requested → removed / failed, like secondary IPs but whole /28s.</summary>
public sealed partial class NodePool
{
    private Decision DecidePoolPrefixesRequested(RecordPoolPrefixesRequested c)
    {
        if (!TryGetAttached(c.EniId, out EniState? eni, out Decision? unknown))
        {
            return unknown;
        }

        if (eni.Status == EniStatus.Detaching)
        {
            return Decision.Reject(RejectionCode.EniDetaching, $"ENI {c.EniId} is being detached; request prefixes on another ENI.");
        }

        if (eni.PendingPrefixRequest is not null || eni.PendingIpRequest is not null)
        {
            return Decision.Reject(RejectionCode.RequestInFlight,
                $"ENI {c.EniId} already has an assign request in flight; record its outcome first.");
        }

        int room = Node!.IpsPerEni - 1 - eni.UsedSlots;
        if (c.Count < 1 || c.Count > room)
        {
            return Decision.Reject(c.Count < 1 ? RejectionCode.InvalidCommand : RejectionCode.EniFull, string.Create(CultureInfo.InvariantCulture,
                $"cannot request {c.Count} prefixes on ENI {c.EniId}: it uses {eni.UsedSlots} of {Node.IpsPerEni - 1} slots ({eni.Prefixes.Count} prefixes, {eni.SecondaryIpCount} secondary IPs), room for {room}; ask for 1..{room}."));
        }

        return Decision.Accept(new PoolPrefixesRequested(Id(c, nameof(PoolPrefixesRequested), c.EniId), c.At, c.Cause, c.EniId, c.Count));
    }

    private Decision DecidePoolPrefixesAdded(RecordPoolPrefixesAdded c)
    {
        if (!TryGetAttached(c.EniId, out EniState? eni, out Decision? unknown))
        {
            return unknown;
        }

        if (eni.Status == EniStatus.Detaching)
        {
            return Decision.Reject(RejectionCode.EniDetaching, $"ENI {c.EniId} is being detached; its prefixes cannot join the pool.");
        }

        SortedSet<Ipv4Prefix> fresh = [];
        foreach (Ipv4Prefix prefix in c.Prefixes.AsSpan())
        {
            if (!prefix.IsAligned)
            {
                return Decision.Reject(RejectionCode.PrefixConflict, $"{prefix.Base} does not start a /28; EC2 delegates aligned /28 prefixes only, so check how the prefix was parsed.");
            }

            if (_prefixes.TryGetValue(prefix, out string? holder))
            {
                if (holder != c.EniId)
                {
                    return Decision.Reject(RejectionCode.PrefixConflict, $"prefix {prefix} is on ENI {holder} in the journal, not {c.EniId}; record its removal there first.");
                }

                continue;
            }

            if (prefix.Addresses().Any(_ips.ContainsKey) || _enis.Values.Any(e => prefix.Contains(e.PrimaryIp)))
            {
                return Decision.Reject(RejectionCode.PrefixConflict,
                    $"prefix {prefix} overlaps an address the pool already has (a secondary IP or an ENI's primary IP); EC2 never delegates such a prefix, so reconcile the ENI first.");
            }

            fresh.Add(prefix);
        }

        if (fresh.Count == 0 && eni.PendingPrefixRequest is null)
        {
            return Decision.Unchanged();
        }

        ValueList<Ipv4Prefix> prefixes = new(fresh);
        return Decision.Accept(new PoolPrefixesAdded(Id(c, nameof(PoolPrefixesAdded), c.EniId + prefixes), c.At, c.Cause, c.EniId, prefixes));
    }

    private Decision DecidePoolPrefixesRequestFailed(RecordPoolPrefixesRequestFailed c)
    {
        if (!_enis.TryGetValue(c.EniId, out EniState? eni) || eni.PendingPrefixRequest is null)
        {
            return Decision.Reject(RejectionCode.NothingPending, $"ENI {c.EniId} has no prefix request in flight; nothing to fail.");
        }

        return Decision.Accept(new PoolPrefixesRequestFailed(Id(c, nameof(PoolPrefixesRequestFailed), c.EniId), c.At, c.Cause, c.EniId, c.ErrorCode, c.Message));
    }

    private Decision DecidePoolPrefixesRelease(RequestPoolPrefixesRelease c)
    {
        if (!TryGetAttached(c.EniId, out _, out Decision? unknown))
        {
            return unknown;
        }

        if (c.Prefixes.Count == 0)
        {
            return Decision.Reject(RejectionCode.InvalidCommand, $"RequestPoolPrefixesRelease for ENI {c.EniId} lists no prefixes; pass the prefixes to give back.");
        }

        long cutoff = CooldownCutoff(c.At);
        foreach (Ipv4Prefix prefix in c.Prefixes.AsSpan())
        {
            if (!_prefixes.TryGetValue(prefix, out string? holder) || holder != c.EniId)
            {
                return Decision.Reject(RejectionCode.IpNotInPool, $"prefix {prefix} is not in the pool of ENI {c.EniId}; release only prefixes listed for that ENI.");
            }

            if (!IsPrefixReleasable(prefix, cutoff, out string why))
            {
                return Decision.Reject(RejectionCode.PrefixInUse, $"prefix {prefix} cannot go back to EC2: {why}; a prefix is released only when all 16 addresses are free and cooled down.");
            }
        }

        ValueList<Ipv4Prefix> prefixes = new(c.Prefixes.Distinct().Order());
        return Decision.Accept(new PoolPrefixesReleaseRequested(Id(c, nameof(PoolPrefixesReleaseRequested), c.EniId + prefixes), c.At, c.Cause, c.EniId, prefixes));
    }

    private Decision DecidePoolPrefixesReleaseFailed(RecordPoolPrefixesReleaseFailed c)
    {
        foreach (Ipv4Prefix prefix in c.Prefixes.AsSpan())
        {
            if (!_prefixes.TryGetValue(prefix, out string? holder) || holder != c.EniId || !_ips[prefix.Base].ReleaseRequested)
            {
                return Decision.Reject(RejectionCode.NothingPending, $"prefix {prefix} on ENI {c.EniId} has no release in flight; nothing to fail.");
            }
        }

        return Decision.Accept(new PoolPrefixesReleaseFailed(Id(c, nameof(PoolPrefixesReleaseFailed), c.EniId + c.Prefixes), c.At, c.Cause, c.EniId, c.Prefixes, c.ErrorCode, c.Message));
    }

    private Decision DecidePoolPrefixesRemoved(RecordPoolPrefixesRemoved c)
    {
        SortedSet<Ipv4Prefix> present = [];
        foreach (Ipv4Prefix prefix in c.Prefixes.AsSpan())
        {
            if (!_prefixes.TryGetValue(prefix, out string? holder))
            {
                continue;
            }

            if (holder != c.EniId)
            {
                return Decision.Reject(RejectionCode.IpOnAnotherEni, $"prefix {prefix} is in the pool of ENI {holder}, not {c.EniId}; check the ENI id.");
            }

            if (prefix.Addresses().Select(a => _ips[a].Owner).FirstOrDefault(o => o is not null) is { } owner)
            {
                return Decision.Reject(RejectionCode.IpAllocated, $"address {owner.Ip} of prefix {prefix} is allocated to {owner.Key} ({owner.Pod}); quarantine and release it before recording the prefix's removal.");
            }

            present.Add(prefix);
        }

        if (present.Count == 0)
        {
            return Decision.Unchanged();
        }

        ValueList<Ipv4Prefix> prefixes = new(present);
        return Decision.Accept(new PoolPrefixesRemoved(Id(c, nameof(PoolPrefixesRemoved), c.EniId + prefixes), c.At, c.Cause, c.EniId, prefixes));
    }
}
