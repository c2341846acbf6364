using System.Collections.Generic;

namespace EsCni.Ec2Sim.Model;

/// <summary>A subnet in a scenario file.</summary>
public sealed record ScenarioSubnet
{
    /// <summary>subnet-… id.</summary>
    public string Id { get; init; } = "subnet-0sim000000000001";

    /// <summary>IPv4 block inside one of the VPC's blocks.</summary>
    public string CidrBlock { get; init; } = "10.10.0.0/20";

    /// <summary>The subnet's IPv6 /64 inside one of the VPC's IPv6 blocks; null: an IPv4-only subnet.</summary>
    public string? Ipv6CidrBlock { get; init; }

    /// <summary>Zone, e.g. us-west-2a.</summary>
    public string AvailabilityZone { get; init; } = "us-west-2a";

    /// <summary>How many more addresses may be handed out after start (null: the block's size minus EC2's five reserved).</summary>
    public int? FreeCapacity { get; init; }

    /// <summary>Subnet tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
