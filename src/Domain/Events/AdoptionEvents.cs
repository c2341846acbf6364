namespace EsCni.Domain.Events;

/// <summary>
/// An allocation another CNI made (the VPC CNI's checkpoint) now belongs to the journal, checked against EC2 and the
/// host first; from here on it is an ordinary allocation (DEL, GC, snapshot, who-had).
/// </summary>
/// <param name="EventId">The event id.</param>
/// <param name="At">When the allocation was adopted.</param>
/// <param name="Cause">Who adopted it (the EC2 loop after discovery).</param>
/// <param name="Ip">The adopted IP.</param>
/// <param name="EniId">The ENI EC2 shows the IP on.</param>
/// <param name="Key">The IPAM key exactly as the source recorded it (the VPC CNI's network name is `aws-cni`).</param>
/// <param name="Pod">The pod as the source recorded it; the source has no pod UID, so it is empty.</param>
/// <param name="AllocatedAt">When the source allocated the IP.</param>
/// <param name="Source">Where the allocation came from, e.g. `vpc-cni-checkpoint /var/run/aws-node/ipam.json`.</param>
public sealed record IpAdopted(Guid EventId, DateTimeOffset At, Cause Cause, Ipv4Address Ip, string EniId, IpamKey Key, Pod Pod, DateTimeOffset AllocatedAt, string Source)
    : DomainEvent(EventId, At, Cause);

/// <summary>
/// An ENI another CNI created (the VPC CNI's `aws-K8S-…`) is now managed by this node; what EC2 showed of its origin
/// is kept, since nothing else records who made it once its tags change or it is deleted. Journaled before its
/// <see cref="EniAttached"/>; a crash between the two records it again on the next start, which is harmless.
/// </summary>
/// <param name="EventId">The event id.</param>
/// <param name="At">When the ENI was adopted.</param>
/// <param name="Cause">Who adopted it (the EC2 reconciler).</param>
/// <param name="EniId">The ENI.</param>
/// <param name="Description">Its EC2 description, e.g. `aws-K8S-i-0abc…`.</param>
/// <param name="Tags">Its EC2 tags, in key order.</param>
public sealed record EniAdopted(Guid EventId, DateTimeOffset At, Cause Cause, string EniId, string Description, ValueList<EniTag> Tags)
    : DomainEvent(EventId, At, Cause);

/// <summary>One EC2 tag of an adopted ENI.</summary>
/// <param name="Key">The tag key.</param>
/// <param name="Value">The tag value.</param>
public sealed record EniTag(string Key, string Value);
