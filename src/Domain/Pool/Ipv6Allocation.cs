namespace EsCni.Domain.Pool;

/// <summary>A live IPv6 allocation: what a CNI ADD on an IPv6 node returns and what a DEL gives back.</summary>
/// <param name="Address">The pod's address, inside the node's /80.</param>
/// <param name="EniId">The ENI holding the /80.</param>
/// <param name="Key">The IPAM key holding it.</param>
/// <param name="Pod">The pod.</param>
/// <param name="Netns">The pod's network namespace path.</param>
/// <param name="AllocatedAt">When it was allocated.</param>
/// <param name="AllocatedLsn">The LSN of the <see cref="Ipv6Allocated"/> event (0 before it is applied).</param>
public sealed record Ipv6Allocation(Ipv6Address Address, string EniId, IpamKey Key, Pod Pod, string Netns, DateTimeOffset AllocatedAt, long AllocatedLsn);
