using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace EsCni.Ec2Sim.Model;

/// <summary>A subnet of the simulated VPC.</summary>
/// <param name="Id">subnet-… id.</param>
/// <param name="VpcId">The VPC it belongs to.</param>
/// <param name="CidrBlock">Its IPv4 block.</param>
/// <param name="AvailabilityZone">e.g. us-west-2a.</param>
/// <param name="Capacity">How many addresses can be in use at once (IPs plus 16 per /28 prefix); EC2 reserves five per subnet, and a scenario may lower it to force InsufficientFreeAddressesInSubnet.</param>
/// <param name="Tags">Subnet tags (the VPC CNI's subnet discovery reads kubernetes.io/role/cni).</param>
public sealed record Subnet(
    string Id,
    string VpcId,
    [property: JsonIgnore] Ipv4Cidr Cidr,
    string AvailabilityZone,
    int Capacity,
    ImmutableSortedDictionary<string, string> Tags)
{
    /// <summary>The subnet's IPv6 /64 (null: IPv4 only); /80 prefixes and single addresses come from it (Simulator.Ipv6.cs).</summary>
    public string? Ipv6CidrBlock { get; init; }

    /// <summary>The block as text, e.g. 10.10.0.0/20.</summary>
    public string CidrBlock => Cidr.ToString();

    /// <summary>AWS reserves the network address, the next three and the broadcast address in every subnet.</summary>
    public bool IsReserved(uint address) =>
        address - Cidr.Network < 4 || address == Cidr.Last;
}
