namespace EsCni.Domain.Pool;

/// <summary>The aggregate's mutable record of one attached ENI.</summary>
internal sealed class EniState
{
    public required string EniId { get; init; }

    public required int DeviceIndex { get; init; }

    public required string Mac { get; init; }

    public required string SubnetId { get; init; }

    public required string SubnetCidr { get; init; }

    public required Ipv4Address PrimaryIp { get; init; }

    public required int RouteTableId { get; init; }

    public required DateTimeOffset AttachedAt { get; init; }

    public EniStatus Status { get; set; }

    public int? PendingIpRequest { get; set; }

    public int AllocatedCount { get; set; }

    public int? PendingPrefixRequest { get; set; }

    // Every pool address of this ENI (secondary IPs and the 16 addresses of each prefix); the slots live in NodePool._ips.
    public HashSet<Ipv4Address> Ips { get; } = [];

    // Delegated /28 prefixes; each takes one of the ENI's IPv4 slots, like one secondary IP.
    public HashSet<Ipv4Prefix> Prefixes { get; } = [];

    // Secondary IPs alone: EC2 lists these apart from prefixes, and the reconciler compares them with local-ipv4s.
    public int SecondaryIpCount => Ips.Count - (Prefixes.Count * Ipv4Prefix.Size);

    // IPv4 slots used (secondary IPs + prefixes), against the instance type's IPv4-per-ENI limit minus the primary.
    public int UsedSlots => SecondaryIpCount + Prefixes.Count;
}
