using System.Collections.Generic;

namespace EsCni.Ec2Sim.Model;

/// <summary>The VPC in a scenario file.</summary>
public sealed record ScenarioVpc
{
    /// <summary>vpc-… id.</summary>
    public string Id { get; init; } = "vpc-0sim0000000000001";

    /// <summary>IPv4 blocks; the first is the primary one.</summary>
    public IReadOnlyList<string> CidrBlocks { get; init; } = ["10.10.0.0/16"];

    /// <summary>IPv6 blocks (/56 in EC2), e.g. ["2600:1f14:abc:de00::/56"]; empty: the VPC has no IPv6.</summary>
    public IReadOnlyList<string> Ipv6CidrBlocks { get; init; } = [];

    /// <summary>VPC tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
