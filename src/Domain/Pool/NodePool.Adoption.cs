namespace EsCni.Domain.Pool;

/// <summary>Adoption: allocations another CNI made become ordinary allocations, but only where the pool agrees with them.</summary>
/// <remarks>
/// Every refusal leaves the IP as it was (held by host evidence, or free when nothing shows it in use): the caller
/// quarantines the entry with the refusal as evidence, so a disagreeing entry is never dropped silently.
/// </remarks>
public sealed partial class NodePool
{
    /// <summary>Why the hold on an adopted IP ended, as <see cref="IpHoldLifted.Why"/> records it.</summary>
    public const string AdoptedWhy = "adopted";

    private Decision DecideAdoptAllocation(AdoptAllocation c)
    {
        if (string.IsNullOrEmpty(c.Key.ContainerId) || string.IsNullOrEmpty(c.Key.IfName) || string.IsNullOrEmpty(c.Source))
        {
            return Decision.Reject(RejectionCode.InvalidCommand, $"AdoptAllocation needs a container id, an interface name and a source; got key '{c.Key}', source '{c.Source}'.");
        }

        if (!_ips.TryGetValue(c.Ip, out IpSlot? slot) || !_enis.TryGetValue(slot.EniId, out EniState? eni))
        {
            return Decision.Reject(RejectionCode.IpNotInPool,
                $"IP {c.Ip} ({c.Key}, {c.Source}) is in no attached ENI's pool; EC2 does not show it on this instance, so it cannot be adopted.");
        }

        if (slot.EniId != c.EniId)
        {
            return Decision.Reject(RejectionCode.IpOnAnotherEni, $"IP {c.Ip} ({c.Key}, {c.Source}) is on ENI {slot.EniId}, not {c.EniId}; check the entry against EC2.");
        }

        if (slot.Owner is { } owner)
        {
            return owner.Key == c.Key
                ? Decision.Unchanged(owner)
                : Decision.Reject(RejectionCode.IpAllocated, $"IP {c.Ip} is already allocated to {owner.Key} ({owner.Pod}); {c.Source} says {c.Key} ({c.Pod}).");
        }

        if (_byKey.TryGetValue(c.Key, out Allocation? other))
        {
            return Decision.Reject(RejectionCode.IpAllocated, $"key {c.Key} already holds IP {other.Ip}; {c.Source} also names {c.Ip} for it.");
        }

        if (slot.ReleasedTicks > CooldownCutoff(c.At))
        {
            return Decision.Reject(RejectionCode.IpCoolingDown,
                $"IP {c.Ip} was released by this journal within IP_COOLDOWN_PERIOD; {c.Source} says {c.Key} ({c.Pod}) holds it, which the journal cannot confirm.");
        }

        IpAdopted adopted = new(Id(c, nameof(IpAdopted), c.Key.ToString()), c.At, c.Cause, c.Ip, c.EniId, c.Key, c.Pod, c.AllocatedAt, c.Source);
        Allocation allocation = new(c.Ip, eni.EniId, eni.DeviceIndex, eni.RouteTableId, c.Key, c.Pod, string.Empty, c.AllocatedAt, 0, null);
        return IsHeld(c.Ip)
            ? Decision.Accept([Lifted(c, c.Ip, AdoptedWhy), adopted], allocation)
            : Decision.Accept(adopted, allocation);
    }

    // An ENI is recorded as adopted only while the pool does not manage it yet: the reconciler submits this just
    // before the ENI's RecordEniAttached, so a restart after both records nothing new.
    private Decision DecideEniAdopted(RecordEniAdopted c)
    {
        if (string.IsNullOrEmpty(c.EniId))
        {
            return Decision.Reject(RejectionCode.InvalidCommand, "RecordEniAdopted needs the ENI's id.");
        }

        return _enis.ContainsKey(c.EniId)
            ? Decision.Unchanged()
            : Decision.Accept(new EniAdopted(Id(c, nameof(EniAdopted), c.EniId), c.At, c.Cause, c.EniId, c.Description, c.Tags));
    }

    /// <summary>
    /// The allocation a DEL's, CHECK's or GC's key names. A key the journal does not know may still name an adopted pod: the runtime
    /// sends its DEL through escni's conflist (network "escni"), while the adopted key keeps the source's network
    /// name, so the one allocation with the same container id and interface name is that pod's.
    /// </summary>
    public bool TryGetAllocationFor(IpamKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Allocation? allocation)
    {
        if (_byKey.TryGetValue(key, out allocation))
        {
            return true;
        }

        allocation = SameSandbox(_byKey.Values, key, a => a.Key);
        return allocation is not null;
    }

    // The one allocation with the key's container id and interface name under another network name (an adopted key
    // keeps the source's), or null when none or several (two networks share them: the DEL's network alone could tell).
    private static T? SameSandbox<T>(IEnumerable<T> allocations, IpamKey key, Func<T, IpamKey> keyOf)
        where T : class
    {
        T? found = null;
        foreach (T candidate in allocations)
        {
            IpamKey candidateKey = keyOf(candidate);
            if (candidateKey.ContainerId == key.ContainerId && candidateKey.IfName == key.IfName)
            {
                if (found is not null)
                {
                    return null;
                }

                found = candidate;
            }
        }

        return found;
    }
}
