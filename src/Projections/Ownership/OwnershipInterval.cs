using EsCni.Domain.Events;
using EsCni.Domain.Net;

namespace EsCni.Projections.Ownership;

/// <summary>One key's ownership of one IP, from its IpAllocated to whatever ended it (or still live).</summary>
/// <param name="Ip">The IP.</param>
/// <param name="Key">The IPAM key (network, container id, interface).</param>
/// <param name="Pod">The pod it was allocated for.</param>
/// <param name="Netns">The pod's network namespace path.</param>
/// <param name="EniId">The ENI the IP was on.</param>
/// <param name="AllocatedAt">Time of the IpAllocated.</param>
/// <param name="AllocatedLsn">LSN of the IpAllocated.</param>
/// <param name="AllocatedBy">Its cause (CNI request id etc.).</param>
/// <param name="End">How it ended.</param>
/// <param name="EndedAt">Time of the ending event, or null while live.</param>
/// <param name="EndedLsn">LSN of the ending event, or null while live.</param>
/// <param name="ReleaseReason">The IpReleased reason when <paramref name="End"/> is Released.</param>
/// <param name="Quarantines">Quarantine flags raised during the interval, in order.</param>
public sealed record OwnershipInterval(
    Ipv4Address Ip,
    IpamKey Key,
    Pod Pod,
    string Netns,
    string EniId,
    DateTimeOffset AllocatedAt,
    long AllocatedLsn,
    Cause AllocatedBy,
    OwnershipEnd End,
    DateTimeOffset? EndedAt,
    long? EndedLsn,
    ReleaseReason? ReleaseReason,
    IReadOnlyList<QuarantineMark> Quarantines)
{
    /// <summary>The network name of the key of an interval that stands for a pod the journal does not know (an IpHeld on host evidence).</summary>
    public const string HostEvidenceNetwork = "host-evidence";

    /// <summary>True when the interval is a host-evidence hold (the key names the host veth), not an allocation.</summary>
    /// <remarks>Not serialized: the key already says it, and who-had's JSON stays what journals without holds always answered (tests/Golden).</remarks>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsHostHold => Key.NetworkName == HostEvidenceNetwork;

    /// <summary>What the releaser saw (<see cref="IpReleased.Evidence"/>, e.g. the CRI answers for a runtime GC release); null unless released with some.</summary>
    public string? ReleaseEvidence { get; init; }

    /// <summary>Where an adopted allocation came from (<see cref="IpAdopted.Source"/>, e.g. the VPC CNI checkpoint); null for EsCni's own allocations.</summary>
    public string? AdoptedFrom { get; init; }

    /// <summary>True while no event has ended it.</summary>
    public bool IsLive => End == OwnershipEnd.Live;

    /// <summary>True when it was flagged at least once.</summary>
    public bool IsQuarantined => Quarantines.Count > 0;

    /// <summary>True when the key owned the IP at <paramref name="at"/> (allocation inclusive, end exclusive).</summary>
    public bool Covers(DateTimeOffset at) => AllocatedAt <= at && (EndedAt is null || at < EndedAt);

    /// <summary>True when the interval shares any instant with [<paramref name="from"/>, <paramref name="to"/>].</summary>
    public bool Overlaps(DateTimeOffset from, DateTimeOffset to) => AllocatedAt <= to && (EndedAt is null || EndedAt > from);
}
