namespace EsCni.Domain.Invariants;

/// <summary>The names of the pool invariants (DESIGN.md §3), as they appear in <see cref="InvariantViolation.Rule"/>.</summary>
public static class InvariantRules
{
    /// <summary>LSNs are contiguous: each event's LSN is the previous one plus one.</summary>
    public const string LsnContiguous = nameof(LsnContiguous);

    /// <summary>At most one live owner per IP.</summary>
    public const string SingleOwner = nameof(SingleOwner);

    /// <summary>A key holds at most one IP at a time.</summary>
    public const string OneIpPerKey = nameof(OneIpPerKey);

    /// <summary>An allocated IP belongs to an ENI that is attached at that moment.</summary>
    public const string AllocatedOnAttachedEni = nameof(AllocatedOnAttachedEni);

    /// <summary>An allocated IP is in that ENI's pool.</summary>
    public const string AllocatedFromPool = nameof(AllocatedFromPool);

    /// <summary>IPs removed from the pool are not allocated, and allocated IPs are not removed.</summary>
    public const string RemovedIpNotAllocated = nameof(RemovedIpNotAllocated);

    /// <summary>A released IP is not handed out again before its cooldown ends.</summary>
    public const string CooldownRespected = nameof(CooldownRespected);

    /// <summary>An ENI is detached only when it holds no allocations.</summary>
    public const string DetachWithoutAllocations = nameof(DetachWithoutAllocations);

    /// <summary>An IP held by evidence outside the journal (IpHeld, not yet IpHoldLifted) is never allocated.</summary>
    public const string HeldIpNotAllocated = nameof(HeldIpNotAllocated);

    /// <summary>A release names the IP's current owner.</summary>
    public const string ReleaseMatchesOwner = nameof(ReleaseMatchesOwner);

    /// <summary>An address is in one pool member only: one /28 prefix, or a secondary IP, never both or two prefixes.</summary>
    public const string AddressInOnePrefix = nameof(AddressInOnePrefix);

    /// <summary>A prefix is delegated to one ENI at a time.</summary>
    public const string PrefixOnOneEni = nameof(PrefixOnOneEni);

    /// <summary>No address is handed out from a prefix that is not assigned (never added, or already removed).</summary>
    public const string AllocatedFromAssignedPrefix = nameof(AllocatedFromAssignedPrefix);

    /// <summary>A prefix goes back to EC2 only when all 16 addresses are free (no owner, no hold) and out of cooldown.</summary>
    public const string PrefixReleasedWhenFree = nameof(PrefixReleasedWhenFree);

    /// <summary>IPv6: every allocated address lies in a /80 the node holds.</summary>
    public const string Ipv6InNodePrefix = nameof(Ipv6InNodePrefix);

    /// <summary>IPv6: no address is handed out twice in a node's history (each allocation's offset is past every earlier one).</summary>
    public const string Ipv6NeverReused = nameof(Ipv6NeverReused);

    /// <summary>IPv6: at most one /80 request is in flight.</summary>
    public const string OneIpv6PrefixRequest = nameof(OneIpv6PrefixRequest);
}
