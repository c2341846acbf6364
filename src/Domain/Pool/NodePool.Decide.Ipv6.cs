namespace EsCni.Domain.Pool;

/// <summary>Decide for IPv6: the /80 request → added / failed, and allocation by cursor (see NodePool.Ipv6.cs).</summary>
public sealed partial class NodePool
{
    private Decision DecideRequestIpv6Prefix(RequestIpv6Prefix c)
    {
        if (!TryGetAttached(c.EniId, out EniState? eni, out Decision? unknown))
        {
            return unknown;
        }

        if (eni.Status == EniStatus.Detaching)
        {
            return Decision.Reject(RejectionCode.EniDetaching, $"ENI {c.EniId} is being detached; request the /80 on the primary ENI.");
        }

        if (PendingIpv6PrefixEni is { } pending)
        {
            return Decision.Reject(RejectionCode.RequestInFlight, $"a /80 request on ENI {pending} is already in flight; record its outcome (RecordIpv6PrefixAdded or RecordIpv6PrefixRequestFailed) first.");
        }

        if (_ipv6Prefixes.Count > 0)
        {
            return Decision.Reject(RejectionCode.PrefixConflict, $"the node already has the /80 {_ipv6Prefixes[0].Prefix} on ENI {_ipv6Prefixes[0].EniId}; an IPv6 node holds one /80 for its life.");
        }

        return Decision.Accept(new Ipv6PrefixRequested(Id(c, nameof(Ipv6PrefixRequested), c.EniId), c.At, c.Cause, c.EniId));
    }

    private Decision DecideIpv6PrefixAdded(RecordIpv6PrefixAdded c)
    {
        if (!TryGetAttached(c.EniId, out _, out Decision? unknown))
        {
            return unknown;
        }

        if (!c.Prefix.IsValid || c.Prefix.Length != Ipv6Prefix.NodeLength)
        {
            return Decision.Reject(RejectionCode.PrefixConflict, string.Create(CultureInfo.InvariantCulture,
                $"{c.Prefix} is not a /{Ipv6Prefix.NodeLength} with its host bits zero; EC2 delegates one /80 per node for IPv6 pods, so check how the prefix was read from EC2 or IMDS."));
        }

        if (c.Source is not (Ipv6PrefixAdded.FromEc2 or Ipv6PrefixAdded.FromImds))
        {
            return Decision.Reject(RejectionCode.InvalidCommand, $"RecordIpv6PrefixAdded source '{c.Source}' is unknown; use \"{Ipv6PrefixAdded.FromEc2}\" or \"{Ipv6PrefixAdded.FromImds}\".");
        }

        if (_ipv6Prefixes.Find(p => p.Prefix == c.Prefix) is { } known)
        {
            if (known.EniId != c.EniId)
            {
                return Decision.Reject(RejectionCode.PrefixConflict, $"the /80 {c.Prefix} is on ENI {known.EniId} in the journal, not {c.EniId}; check the ENI id.");
            }

            // Known and nothing in flight: a repeat (e.g. IMDS seen again after a restart). With a request in flight
            // the event is still recorded, as the request's outcome.
            if (PendingIpv6PrefixEni != c.EniId)
            {
                return Decision.Unchanged();
            }
        }

        Ipv6PrefixAdded added = new(Id(c, nameof(Ipv6PrefixAdded), c.EniId + c.Prefix), c.At, c.Cause, c.EniId, c.Prefix, c.Source);
        if (c.HostInUse is { } inUse && c.Prefix.TryGetOffset(inUse, out ulong offset) && offset >= NextIpv6Offset)
        {
            ulong next = offset == ulong.MaxValue ? offset : offset + 1;
            return Decision.Accept([added, new Ipv6CursorAdvanced(Id(c, nameof(Ipv6CursorAdvanced), inUse.ToString()), c.At, c.Cause, c.EniId, inUse, next, c.HostEvidence)]);
        }

        return Decision.Accept(added);
    }

    private Decision DecideIpv6PrefixRequestFailed(RecordIpv6PrefixRequestFailed c)
    {
        if (PendingIpv6PrefixEni != c.EniId)
        {
            return Decision.Reject(RejectionCode.NothingPending, $"ENI {c.EniId} has no /80 request in flight; nothing to fail.");
        }

        return Decision.Accept(new Ipv6PrefixRequestFailed(Id(c, nameof(Ipv6PrefixRequestFailed), c.EniId), c.At, c.Cause, c.EniId, c.Error));
    }

    private Decision DecideAllocateIpv6(AllocateIpv6 c)
    {
        if (_v6ByKey.TryGetValue(c.Key, out Ipv6Allocation? existing))
        {
            return Decision.UnchangedIpv6(existing);
        }

        if (string.IsNullOrEmpty(c.Key.ContainerId) || string.IsNullOrEmpty(c.Key.IfName))
        {
            return Decision.Reject(RejectionCode.InvalidCommand, $"AllocateIpv6 needs a container id and an interface name; got key '{c.Key}'.");
        }

        if (_ipv6Prefixes.Count == 0)
        {
            return Decision.Reject(RejectionCode.NoIpv6Prefix, PendingIpv6PrefixEni is { } eni
                ? $"the node has no IPv6 /80 yet; the daemon is requesting one on ENI {eni}. Kubelet retries the ADD."
                : "the node has no IPv6 /80 yet and no request is in flight; the daemon requests one on the primary ENI (AssignIpv6Addresses). Kubelet retries the ADD.");
        }

        Ipv6PrefixInfo prefix = _ipv6Prefixes[0];
        if (NextIpv6Offset > prefix.Prefix.LastOffset)
        {
            return Decision.Reject(RejectionCode.Ipv6PrefixExhausted, string.Create(CultureInfo.InvariantCulture,
                $"every address of the /80 {prefix.Prefix} has been handed out once ({prefix.Prefix.LastOffset} allocations); addresses are never reused, so replace the node."));
        }

        Ipv6Address address = prefix.Prefix.AddressAt(NextIpv6Offset);
        Ipv6Allocated allocated = new(Id(c, nameof(Ipv6Allocated), c.Key.ToString()), c.At, c.Cause, address, prefix.EniId, c.Key, c.Pod, c.Netns);
        return Decision.AcceptIpv6(allocated, new Ipv6Allocation(address, prefix.EniId, c.Key, c.Pod, c.Netns, c.At, 0));
    }

    // Host evidence (a journal lost next to running pods): the cursor jumps past the address so it is never handed out.
    private Decision DecideAdvanceIpv6Cursor(AdvanceIpv6Cursor c)
    {
        if (_ipv6Prefixes.Count == 0)
        {
            return Decision.Reject(RejectionCode.NoIpv6Prefix, $"the node has no IPv6 /80 yet, so {c.InUse} cannot be placed in it; record the /80 first (RecordIpv6PrefixAdded), then advance the cursor.");
        }

        if (Ipv6PrefixOf(c.InUse) is not { } info || !info.Prefix.TryGetOffset(c.InUse, out ulong offset))
        {
            return Decision.Reject(RejectionCode.InvalidCommand, $"{c.InUse} lies outside the node's /80 {_ipv6Prefixes[0].Prefix}; only an address in the /80 can be handed out, so only such an address moves the cursor.");
        }

        if (offset < NextIpv6Offset)
        {
            return Decision.Unchanged();
        }

        ulong next = offset == ulong.MaxValue ? offset : offset + 1;
        Guid id = Id(c, nameof(Ipv6CursorAdvanced), c.InUse.ToString());
        return Decision.Accept(new Ipv6CursorAdvanced(id, c.At, c.Cause, info.EniId, c.InUse, next, c.Evidence));
    }

    // ReleaseIpByKey's IPv6 half: the key's IPv6 allocation, narrowed by OnlyIpv6 / AllocatedLsn; an OnlyIp (an IPv4
    // address the DEL saw) never ends an IPv6 allocation.
    private Ipv6Released? Ipv6ReleaseFor(ReleaseIpByKey c, out Ipv6Allocation? ended)
    {
        ended = null;
        if (!TryGetIpv6Allocation(c.Key, out Ipv6Allocation? allocation) || c.OnlyIp is not null
            || (c.OnlyIpv6 is { } only && allocation.Address != only)
            || (c.AllocatedLsn is long lsn && allocation.AllocatedLsn != lsn))
        {
            return null;
        }

        ended = allocation;
        Guid id = EventIds.From(nameof(Ipv6Released), allocation.AllocatedLsn.ToString(CultureInfo.InvariantCulture), allocation.Key.ToString(), allocation.Address.ToString());
        return new Ipv6Released(id, c.At, c.Cause, allocation.Address, allocation.EniId, allocation.Key, allocation.Pod, c.Reason, c.RequestId) { Evidence = c.Evidence };
    }
}
