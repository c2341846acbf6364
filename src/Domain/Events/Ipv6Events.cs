namespace EsCni.Domain.Events;

// IPv6 (ENABLE_IPv6, issue #17): one /80 per node on the primary ENI, pods get single addresses out of it. Type ids
// 47–52 (53 kept for this family). Addresses are never reused (the pool hands out offsets in increasing order), so
// there is no release-to-EC2 or cooldown event: the /80 stays for the node's life, as in the VPC CNI.

/// <summary>Intent: AssignIpv6Addresses with Ipv6PrefixCount = 1 on the ENI is about to be called.</summary>
public sealed record Ipv6PrefixRequested(Guid EventId, DateTimeOffset At, Cause Cause, string EniId) : DomainEvent(EventId, At, Cause);

/// <summary>The /80 is the node's: from the assign call (Source "ec2") or found on the ENI in IMDS (Source "imds").</summary>
public sealed record Ipv6PrefixAdded(Guid EventId, DateTimeOffset At, Cause Cause, string EniId, Ipv6Prefix Prefix, string Source) : DomainEvent(EventId, At, Cause)
{
    /// <summary>The Source of a /80 the assign call returned.</summary>
    public const string FromEc2 = "ec2";

    /// <summary>The Source of a /80 IMDS already showed on the ENI (a restart, or a takeover from the VPC CNI).</summary>
    public const string FromImds = "imds";
}

/// <summary>The /80 assign call failed; no request is in flight any more.</summary>
public sealed record Ipv6PrefixRequestFailed(Guid EventId, DateTimeOffset At, Cause Cause, string EniId, string Error) : DomainEvent(EventId, At, Cause);

/// <summary>The IPv6 address (from the node's /80 on the ENI) now belongs to the key (a pod's interface).</summary>
public sealed record Ipv6Allocated(Guid EventId, DateTimeOffset At, Cause Cause, Ipv6Address Address, string EniId, IpamKey Key, Pod Pod, string Netns)
    : DomainEvent(EventId, At, Cause)
{
    /// <summary>
    /// Empty for an address this node handed out; otherwise where an adopted allocation came from (field 11, e.g.
    /// `vpc-cni-checkpoint /var/run/aws-node/ipam.json`): another CNI gave the address, the journal took it over.
    /// </summary>
    public string Source { get; init; } = string.Empty;
}

/// <summary>
/// The host shows <paramref name="InUse"/> (a /128 route through a pod veth) in use by a pod the journal does not know, so
/// the cursor moves past it to <paramref name="NextOffset"/>: no later allocation can hand it out (type id 52).
/// </summary>
/// <remarks>
/// A journal lost next to running IPv6 pods restarts the cursor at offset 1; this is how the host's evidence puts it
/// back past every running pod. The cursor only moves forward, like the one allocations move.
/// </remarks>
public sealed record Ipv6CursorAdvanced(Guid EventId, DateTimeOffset At, Cause Cause, string EniId, Ipv6Address InUse, ulong NextOffset, string Evidence)
    : DomainEvent(EventId, At, Cause);

/// <summary>The key no longer owns the IPv6 address; the address is never handed out again (the pool's cursor is past it).</summary>
/// <remarks>RequestId and Evidence mean what they mean on <see cref="IpReleased"/>.</remarks>
public sealed record Ipv6Released(Guid EventId, DateTimeOffset At, Cause Cause, Ipv6Address Address, string EniId, IpamKey Key, Pod Pod, ReleaseReason Reason, string? RequestId = null)
    : DomainEvent(EventId, At, Cause)
{
    /// <summary>What the releaser saw that proves the allocation dead; empty when the reason says it all (a CNI DEL).</summary>
    public string Evidence { get; init; } = string.Empty;
}
