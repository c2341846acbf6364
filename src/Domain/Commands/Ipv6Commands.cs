namespace EsCni.Domain.Commands;

// IPv6 (issue #17). Release has no command of its own: ReleaseIpByKey ends a key's IPv6 allocation too
// (OnlyIpv6 narrows it), so every DEL path works for IPv6 pods unchanged.

/// <summary>Record the intent to assign the node's /80 to the ENI (AssignIpv6Addresses Ipv6PrefixCount=1), before calling EC2.</summary>
public sealed record RequestIpv6Prefix(DateTimeOffset At, Cause Cause, string EniId) : PoolCommand(At, Cause);

/// <summary>Record a /80 now on the ENI; Source is "ec2" (the assign call's answer) or "imds" (found there). A known /80 is accepted with no event.</summary>
public sealed record RecordIpv6PrefixAdded(DateTimeOffset At, Cause Cause, string EniId, Ipv6Prefix Prefix, string Source) : PoolCommand(At, Cause)
{
    /// <summary>
    /// The highest address in the /80 the host shows in use by a pod (a /80 adopted next to running pods, e.g. after a
    /// lost journal): the cursor moves past it in the same decision (<see cref="Ipv6CursorAdvanced"/>), so no ADD can
    /// fall between the adoption and the advance.
    /// </summary>
    public Ipv6Address? HostInUse { get; init; }

    /// <summary>What the host showed for <see cref="HostInUse"/>.</summary>
    public string HostEvidence { get; init; } = string.Empty;
}

/// <summary>Record that the in-flight /80 assign call failed.</summary>
public sealed record RecordIpv6PrefixRequestFailed(DateTimeOffset At, Cause Cause, string EniId, string Error) : PoolCommand(At, Cause);

/// <summary>
/// Move the cursor past <paramref name="InUse"/>, an address in the node's /80 the host shows in use by a pod the
/// journal does not know (host evidence); no event when the cursor is already past it.
/// </summary>
public sealed record AdvanceIpv6Cursor(DateTimeOffset At, Cause Cause, Ipv6Address InUse, string Evidence) : PoolCommand(At, Cause);

/// <summary>Give the key an IPv6 address from the node's /80 (CNI ADD); idempotent: a key that holds one gets the same one and no event.</summary>
public sealed record AllocateIpv6(DateTimeOffset At, Cause Cause, IpamKey Key, Pod Pod, string Netns) : PoolCommand(At, Cause);
