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

    // Secondary IPs in this ENI's pool; the slots themselves live in NodePool._ips.
    public HashSet<Ipv4Address> Ips { get; } = [];
}
