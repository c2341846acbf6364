using System.Net;

namespace EsCni.Cloud;

/// <summary>One network interface as IMDS shows it under <c>network/interfaces/macs/&lt;mac&gt;/</c>.</summary>
/// <param name="MacAddress">Lower-case colon form.</param>
/// <param name="EniId">eni-… id (<c>interface-id</c>).</param>
/// <param name="DeviceNumber">Device index (<c>device-number</c>).</param>
/// <param name="SubnetId">Subnet (<c>subnet-id</c>).</param>
/// <param name="SubnetCidr">Subnet CIDR (<c>subnet-ipv4-cidr-block</c>).</param>
/// <param name="VpcCidrs">VPC CIDRs (<c>vpc-ipv4-cidr-blocks</c>).</param>
/// <param name="SecurityGroupIds">sg-… ids (<c>security-group-ids</c>).</param>
/// <param name="Ipv4Addresses">Private IPv4 addresses (<c>local-ipv4s</c>), the primary first.</param>
/// <param name="Ipv4Prefixes">Delegated prefixes (<c>ipv4-prefix</c>), empty when none.</param>
public sealed record ImdsInterface(
    string MacAddress,
    string EniId,
    int DeviceNumber,
    string SubnetId,
    IPNetwork SubnetCidr,
    IReadOnlyList<IPNetwork> VpcCidrs,
    IReadOnlyList<string> SecurityGroupIds,
    IReadOnlyList<IPAddress> Ipv4Addresses,
    IReadOnlyList<IPNetwork> Ipv4Prefixes)
{
    /// <summary>IPv6 addresses (<c>ipv6s</c>), empty when none.</summary>
    public IReadOnlyList<IPAddress> Ipv6Addresses { get; init; } = [];

    /// <summary>Delegated IPv6 prefixes (<c>ipv6-prefix</c>), empty when none.</summary>
    public IReadOnlyList<IPNetwork> Ipv6Prefixes { get; init; } = [];

    /// <summary>The subnet's IPv6 blocks (<c>subnet-ipv6-cidr-blocks</c>), empty for an IPv4-only subnet.</summary>
    public IReadOnlyList<IPNetwork> SubnetIpv6Cidrs { get; init; } = [];
}
