using EsCni.Domain.Events;
using EsCni.Domain.Net;

namespace EsCni.Projections.Ownership;

/// <summary>One key's ownership of one IPv6 address, from its Ipv6Allocated to its Ipv6Released (or still live).</summary>
/// <remarks>
/// Simpler than <see cref="OwnershipInterval"/>: an IPv6 address is never reused, never held or quarantined, and its
/// /80 never leaves the node, so a release is the only way an ownership ends.
/// </remarks>
/// <param name="Address">The address.</param>
/// <param name="Key">The IPAM key.</param>
/// <param name="Pod">The pod it was allocated for.</param>
/// <param name="Netns">The pod's network namespace path.</param>
/// <param name="EniId">The ENI holding the /80.</param>
/// <param name="AllocatedAt">Time of the Ipv6Allocated.</param>
/// <param name="AllocatedLsn">LSN of the Ipv6Allocated.</param>
/// <param name="AllocatedBy">Its cause.</param>
/// <param name="ReleasedAt">Time of the Ipv6Released, or null while live.</param>
/// <param name="ReleasedLsn">LSN of the Ipv6Released, or null while live.</param>
/// <param name="ReleaseReason">The release reason, or null while live.</param>
/// <param name="ReleaseEvidence">What the releaser saw, or null.</param>
public sealed record Ipv6OwnershipInterval(
    Ipv6Address Address,
    IpamKey Key,
    Pod Pod,
    string Netns,
    string EniId,
    DateTimeOffset AllocatedAt,
    long AllocatedLsn,
    Cause AllocatedBy,
    DateTimeOffset? ReleasedAt,
    long? ReleasedLsn,
    ReleaseReason? ReleaseReason,
    string? ReleaseEvidence)
{
    /// <summary>Where an adopted allocation came from (<see cref="Ipv6Allocated.Source"/>, e.g. the VPC CNI checkpoint); null for EsCni's own.</summary>
    public string? AdoptedFrom { get; init; }

    /// <summary>True while no release has ended it.</summary>
    public bool IsLive => ReleasedLsn is null;

    /// <summary>True when the key owned the address at <paramref name="at"/> (allocation inclusive, release exclusive).</summary>
    public bool Covers(DateTimeOffset at) => AllocatedAt <= at && (ReleasedAt is null || at < ReleasedAt);

    /// <summary>True when the interval shares any instant with [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public bool Overlaps(DateTimeOffset from, DateTimeOffset to) => AllocatedAt <= to && (ReleasedAt is null || ReleasedAt > from);
}
