namespace EsCni.Domain.Pool;

/// <summary>A live allocation: what a CNI ADD returns and what a DEL gives back.</summary>
/// <param name="Ip">The pod IP.</param>
/// <param name="EniId">The ENI the IP belongs to.</param>
/// <param name="DeviceIndex">The ENI's device index.</param>
/// <param name="RouteTableId">254 (main) for device 0, otherwise device index + 1 (the VPC CNI's numbering).</param>
/// <param name="Key">The IPAM key holding it.</param>
/// <param name="Pod">The pod.</param>
/// <param name="Netns">The pod's network namespace path.</param>
/// <param name="AllocatedAt">When it was allocated.</param>
/// <param name="AllocatedLsn">The LSN of the <see cref="IpAllocated"/> event (0 before it is applied).</param>
/// <param name="QuarantineEvidence">Why it is quarantined, or null when it is not.</param>
public sealed record Allocation(Ipv4Address Ip, string EniId, int DeviceIndex, int RouteTableId, IpamKey Key, Pod Pod, string Netns, DateTimeOffset AllocatedAt, long AllocatedLsn, string? QuarantineEvidence)
{
    /// <summary>True when evidence disagreed with the journal about this allocation.</summary>
    public bool IsQuarantined => QuarantineEvidence is not null;
}
