namespace EsCni.Domain.Commands;

/// <summary>
/// Take over an allocation another CNI made (a VPC CNI checkpoint entry) after the caller checked it against EC2 and
/// the host. Adopting the same key on the same IP again records nothing; a hold on the IP is lifted ("adopted").
/// </summary>
public sealed record AdoptAllocation(DateTimeOffset At, Cause Cause, Ipv4Address Ip, string EniId, IpamKey Key, Pod Pod, DateTimeOffset AllocatedAt, string Source)
    : PoolCommand(At, Cause);

/// <summary>
/// Take over an IPv6 address another CNI gave a pod (a VPC CNI checkpoint entry on an IPv6 node) as an allocation of
/// the node's /80; adopting the same key on the same address again records nothing. Journaled as
/// <see cref="Ipv6Allocated"/> with its <see cref="Ipv6Allocated.Source"/> set.
/// </summary>
public sealed record AdoptIpv6(DateTimeOffset At, Cause Cause, Ipv6Address Address, IpamKey Key, Pod Pod, string Source)
    : PoolCommand(At, Cause);

/// <summary>Record that an ENI another CNI created (its description and tags as EC2 shows them) is now managed here.</summary>
public sealed record RecordEniAdopted(DateTimeOffset At, Cause Cause, string EniId, string Description, ValueList<EniTag> Tags)
    : PoolCommand(At, Cause);
