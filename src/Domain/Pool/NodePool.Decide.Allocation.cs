namespace EsCni.Domain.Pool;

/// <summary>Decide for pod allocations: allocate (idempotent per key), release by key or IP, quarantine.</summary>
public sealed partial class NodePool
{
    private Decision DecideAllocateIp(AllocateIp c)
    {
        if (_byKey.TryGetValue(c.Key, out Allocation? existing))
        {
            return Decision.Unchanged(existing);
        }

        if (string.IsNullOrEmpty(c.Key.ContainerId) || string.IsNullOrEmpty(c.Key.IfName))
        {
            return Decision.Reject(RejectionCode.InvalidCommand, $"AllocateIp needs a container id and an interface name; got key '{c.Key}'.");
        }

        // The free set's minimum was released longest ago; if even it is cooling down, every free IP is.
        if (_free.Count == 0 || _free.Min.ReleasedTicks > CooldownCutoff(c.At))
        {
            return RejectShortage(c);
        }

        IpSlot slot = _ips[_free.Min.Ip];
        EniState eni = _enis[slot.EniId];
        IpAllocated allocated = new(Id(c, nameof(IpAllocated), c.Key.ToString()), c.At, c.Cause, slot.Ip, eni.EniId, c.Key, c.Pod, c.Netns);
        Allocation allocation = new(slot.Ip, eni.EniId, eni.DeviceIndex, eni.RouteTableId, c.Key, c.Pod, c.Netns, c.At, 0, null);
        return Decision.Accept(allocated, allocation);
    }

    // Ends the key's IPv4 allocation and, on an IPv6 node, its IPv6 one (NodePool.Decide.Ipv6.cs), so every DEL path
    // works for both families; OnlyIp narrows to IPv4, OnlyIpv6 to IPv6.
    private Decision DecideReleaseByKey(ReleaseIpByKey c)
    {
        Ipv6Released? v6 = Ipv6ReleaseFor(c, out Ipv6Allocation? v6Ended);
        if (c.OnlyIpv6 is not null
            || !TryGetAllocationFor(c.Key, out Allocation? allocation)
            || (c.OnlyIp is { } only && allocation.Ip != only)
            || (c.AllocatedLsn is long lsn && allocation.AllocatedLsn != lsn))
        {
            return v6 is null ? Decision.Unchanged() : Decision.Accept([v6], null, v6Ended);
        }

        Decision v4 = Release(c, allocation, c.Reason, c.RequestId, c.Evidence);
        return v6 is null ? v4 : Decision.Accept([.. v4.Events, v6], allocation, v6Ended);
    }

    private Decision DecideReleaseIp(ReleaseIp c)
    {
        if (!_ips.TryGetValue(c.Ip, out IpSlot? slot) || slot.Owner is null)
        {
            return Decision.Unchanged();
        }

        return Release(c, slot.Owner, c.Reason, string.Empty);
    }

    private Decision Release(PoolCommand c, Allocation allocation, ReleaseReason reason, string? requestId = null, string evidence = "")
    {
        // The allocation's LSN makes the id unique per allocation, so releasing one key twice in history gives two ids.
        Guid id = EventIds.From(nameof(IpReleased), allocation.AllocatedLsn.ToString(CultureInfo.InvariantCulture), allocation.Key.ToString(), allocation.Ip.ToString());
        return Decision.Accept(new IpReleased(id, c.At, c.Cause, allocation.Ip, allocation.Key, reason, requestId) { Evidence = evidence }, allocation);
    }

    private Decision DecideQuarantine(QuarantineAllocation c)
    {
        if (!_ips.TryGetValue(c.Ip, out IpSlot? slot) || slot.Owner is null)
        {
            return Decision.Reject(RejectionCode.IpNotAllocated,
                $"IP {c.Ip} has no allocation to quarantine; if evidence shows a pod using it, record RecordDrift instead.");
        }

        if (slot.Owner.QuarantineEvidence == c.Evidence)
        {
            return Decision.Unchanged(slot.Owner);
        }

        return Decision.Accept(new AllocationQuarantined(Id(c, nameof(AllocationQuarantined), c.Ip.ToString()), c.At, c.Cause, c.Ip, slot.Owner.Key, c.Evidence), slot.Owner);
    }
}
