namespace EsCni.Domain.Pool;

/// <summary>A read-only view of an attached ENI, for the daemon, introspection and projections.</summary>
/// <param name="EniId">ENI id.</param>
/// <param name="DeviceIndex">Device index (0 = primary ENI).</param>
/// <param name="Mac">MAC address.</param>
/// <param name="SubnetId">Subnet id.</param>
/// <param name="SubnetCidr">Subnet CIDR.</param>
/// <param name="PrimaryIp">The ENI's own primary IP (never given to pods).</param>
/// <param name="RouteTableId">Route table for pods on this ENI.</param>
/// <param name="AttachedAt">When it was attached.</param>
/// <param name="Status">Attached or detaching.</param>
/// <param name="Ips">Its secondary (pool) IPs, sorted; the addresses of its prefixes are not listed here.</param>
/// <param name="AllocatedCount">How many of its pool addresses (secondary IPs and prefix addresses) are allocated (quarantined included).</param>
/// <param name="PendingIpRequest">Count of an assign call in flight, or null.</param>
public sealed record EniInfo(string EniId, int DeviceIndex, string Mac, string SubnetId, string SubnetCidr, Ipv4Address PrimaryIp, int RouteTableId, DateTimeOffset AttachedAt, EniStatus Status, ValueList<Ipv4Address> Ips, int AllocatedCount, int? PendingIpRequest)
{
    /// <summary>Its delegated /28 prefixes, sorted; each lends 16 addresses to pods.</summary>
    /// <remarks>Not serialized with the ENI, so JSON of pools without prefixes (tests/Golden) reads as before; views list prefixes apart.</remarks>
    [System.Text.Json.Serialization.JsonIgnore]
    public ValueList<Ipv4Prefix> Prefixes { get; init; } = ValueList<Ipv4Prefix>.Empty;

    /// <summary>Count of a prefix assign call in flight, or null.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? PendingPrefixRequest { get; init; }
}
