namespace EsCni.Domain.Pool;

/// <summary>Decide for the warm-pool IP lifecycle: request → added / failed, release requested → removed / failed.</summary>
public sealed partial class NodePool
{
    private Decision DecidePoolIpsRequested(RecordPoolIpsRequested c)
    {
        if (!TryGetAttached(c.EniId, out EniState? eni, out Decision? unknown))
        {
            return unknown;
        }

        if (eni.Status == EniStatus.Detaching)
        {
            return Decision.Reject(RejectionCode.EniDetaching, $"ENI {c.EniId} is being detached; request IPs on another ENI.");
        }

        if (eni.PendingIpRequest is not null)
        {
            return Decision.Reject(RejectionCode.RequestInFlight, string.Create(CultureInfo.InvariantCulture,
                $"ENI {c.EniId} already has a request for {eni.PendingIpRequest} IPs in flight; record its outcome first."));
        }

        int room = Node!.IpsPerEni - 1 - eni.UsedSlots;
        if (c.Count < 1 || c.Count > room)
        {
            return Decision.Reject(c.Count < 1 ? RejectionCode.InvalidCommand : RejectionCode.EniFull, string.Create(CultureInfo.InvariantCulture,
                $"cannot request {c.Count} IPs on ENI {c.EniId}: it has {eni.SecondaryIpCount} secondary IPs and {eni.Prefixes.Count} prefixes of {Node.IpsPerEni - 1} slots, room for {room}; ask for 1..{room}."));
        }

        return Decision.Accept(new PoolIpsRequested(Id(c, nameof(PoolIpsRequested), c.EniId), c.At, c.Cause, c.EniId, c.Count));
    }

    private Decision DecidePoolIpsAdded(RecordPoolIpsAdded c)
    {
        if (!TryGetAttached(c.EniId, out EniState? eni, out Decision? unknown))
        {
            return unknown;
        }

        if (eni.Status == EniStatus.Detaching)
        {
            return Decision.Reject(RejectionCode.EniDetaching, $"ENI {c.EniId} is being detached; its IPs cannot join the pool.");
        }

        List<Ipv4Address> fresh = [];
        List<DomainEvent> holds = [];
        HashSet<Ipv4Address> seen = [];
        foreach (Ipv4Address ip in c.Ips.AsSpan())
        {
            if (!seen.Add(ip))
            {
                continue;
            }

            if (_enis.Values.FirstOrDefault(e => e.PrimaryIp == ip) is { } primaryOf)
            {
                // EC2 never lists a primary IP as a secondary one: the caller mixed up its lists, so say so.
                return Decision.Reject(RejectionCode.IpOnAnotherEni, $"IP {ip} is the primary IP of ENI {primaryOf.EniId} and is never given to pods; drop it from the list.");
            }

            if (_ips.TryGetValue(ip, out IpSlot? slot))
            {
                if (slot.EniId != c.EniId && !_holds.ContainsKey(ip))
                {
                    // EC2 gave this IP to c.EniId while the journal still has it in another ENI's pool (an IP unassigned
                    // after a quarantine comes back on the next assign). Refusing the whole batch stopped the pool from
                    // ever growing; instead the rest joins, and this IP is held until EC2 and the journal agree.
                    holds.Add(Held(c, ip, HoldSource.Ec2OtherEni,
                        $"EC2 assigned {ip} to ENI {c.EniId}, the journal has it in the pool of ENI {slot.EniId}", c.EniId, string.Empty, 0, c.At));
                }

                continue;
            }

            if (_holds.TryGetValue(ip, out IpHeld? hold) && hold.Source == HoldSource.Ec2OtherEni)
            {
                // The other ENI's slot is gone (its removal was recorded): EC2 and the journal agree again.
                holds.Add(Lifted(c, ip, $"{ip} left the pool of the other ENI; EC2 shows it on ENI {c.EniId}"));
            }

            fresh.Add(ip);
        }

        if (fresh.Count == 0 && holds.Count == 0 && eni.PendingIpRequest is null)
        {
            return Decision.Unchanged();
        }

        fresh.Sort();
        ValueList<Ipv4Address> ips = new(fresh);
        if (fresh.Count == 0 && eni.PendingIpRequest is null)
        {
            return Decision.Accept(holds);
        }

        // The IPs join first, then any hold on them is decided: a held IP is never free, whatever the order of the events.
        holds.Insert(0, new PoolIpsAdded(Id(c, nameof(PoolIpsAdded), c.EniId + ips), c.At, c.Cause, c.EniId, ips));
        return Decision.Accept(holds);
    }


    private Decision DecidePoolIpsRequestFailed(RecordPoolIpsRequestFailed c)
    {
        if (!_enis.TryGetValue(c.EniId, out EniState? eni) || eni.PendingIpRequest is null)
        {
            return Decision.Reject(RejectionCode.NothingPending, $"ENI {c.EniId} has no IP request in flight; nothing to fail.");
        }

        return Decision.Accept(new PoolIpsRequestFailed(Id(c, nameof(PoolIpsRequestFailed), c.EniId), c.At, c.Cause, c.EniId, c.ErrorCode, c.Message));
    }

    private Decision DecidePoolIpsRelease(RequestPoolIpsRelease c)
    {
        if (!TryGetAttached(c.EniId, out _, out Decision? unknown))
        {
            return unknown;
        }

        if (c.Ips.Count == 0)
        {
            return Decision.Reject(RejectionCode.InvalidCommand, $"RequestPoolIpsRelease for ENI {c.EniId} lists no IPs; pass the IPs to give back.");
        }

        long cutoff = CooldownCutoff(c.At);
        foreach (Ipv4Address ip in c.Ips.AsSpan())
        {
            if (!_ips.TryGetValue(ip, out IpSlot? slot) || slot.EniId != c.EniId)
            {
                return Decision.Reject(RejectionCode.IpNotInPool, $"IP {ip} is not in the pool of ENI {c.EniId}; release only IPs listed for that ENI.");
            }

            if (slot.Prefix is { } prefix)
            {
                return Decision.Reject(RejectionCode.IpInPrefix, $"IP {ip} belongs to prefix {prefix}; EC2 takes a prefix back whole, so release the prefix (RequestPoolPrefixesRelease) once all 16 addresses are free.");
            }

            if (slot.Owner is not null)
            {
                return Decision.Reject(RejectionCode.IpAllocated, $"IP {ip} is allocated to {slot.Owner.Key} ({slot.Owner.Pod}); only free IPs go back to EC2.");
            }

            if (slot.ReleaseRequested)
            {
                return Decision.Reject(RejectionCode.RequestInFlight, $"IP {ip} already has a release in flight; record its outcome first.");
            }

            if (_holds.TryGetValue(ip, out IpHeld? hold))
            {
                return Decision.Reject(RejectionCode.IpAllocated, $"IP {ip} is held ({hold.Evidence}); a pod the journal does not know uses it, so it does not go back to EC2.");
            }

            if (slot.ReleasedTicks > cutoff)
            {
                return Decision.Reject(RejectionCode.IpCoolingDown, $"IP {ip} was released at {new System.DateTimeOffset(slot.ReleasedTicks, System.TimeSpan.Zero):O} and is cooling down; give back IPs out of cooldown.");
            }
        }

        ValueList<Ipv4Address> ips = new(c.Ips.Distinct().Order());
        return Decision.Accept(new PoolIpsReleaseRequested(Id(c, nameof(PoolIpsReleaseRequested), c.EniId + ips), c.At, c.Cause, c.EniId, ips));
    }

    private Decision DecidePoolIpsReleaseFailed(RecordPoolIpsReleaseFailed c)
    {
        foreach (Ipv4Address ip in c.Ips.AsSpan())
        {
            if (!_ips.TryGetValue(ip, out IpSlot? slot) || slot.EniId != c.EniId || !slot.ReleaseRequested)
            {
                return Decision.Reject(RejectionCode.NothingPending, $"IP {ip} on ENI {c.EniId} has no release in flight; nothing to fail.");
            }
        }

        return Decision.Accept(new PoolIpsReleaseFailed(Id(c, nameof(PoolIpsReleaseFailed), c.EniId + c.Ips), c.At, c.Cause, c.EniId, c.Ips, c.ErrorCode, c.Message));
    }

    private Decision DecidePoolIpsRemoved(RecordPoolIpsRemoved c)
    {
        List<Ipv4Address> present = [];
        foreach (Ipv4Address ip in c.Ips.AsSpan())
        {
            if (!_ips.TryGetValue(ip, out IpSlot? slot))
            {
                continue;
            }

            if (slot.EniId != c.EniId)
            {
                return Decision.Reject(RejectionCode.IpOnAnotherEni, $"IP {ip} is in the pool of ENI {slot.EniId}, not {c.EniId}; check the ENI id.");
            }

            if (slot.Prefix is { } prefix)
            {
                return Decision.Reject(RejectionCode.IpInPrefix, $"IP {ip} belongs to prefix {prefix}; record the prefix's removal (RecordPoolPrefixesRemoved) instead.");
            }

            if (slot.Owner is not null)
            {
                return Decision.Reject(RejectionCode.IpAllocated, $"IP {ip} is allocated to {slot.Owner.Key} ({slot.Owner.Pod}); quarantine and release it before recording its removal.");
            }

            if (!present.Contains(ip))
            {
                present.Add(ip);
            }
        }

        if (present.Count == 0)
        {
            return Decision.Unchanged();
        }

        present.Sort();
        ValueList<Ipv4Address> ips = new(present);
        return Decision.Accept(new PoolIpsRemoved(Id(c, nameof(PoolIpsRemoved), c.EniId + ips), c.At, c.Cause, c.EniId, ips));
    }
}
