using System.Collections.Immutable;

namespace EsCni.Ec2Sim.Model;

/// <summary>The simulated VPC: its id, owner and IPv4 CIDR blocks (the first is the primary one).</summary>
public sealed record Vpc(string Id, string OwnerId, ImmutableArray<string> CidrBlocks, ImmutableSortedDictionary<string, string> Tags)
{
    /// <summary>IPv6 blocks (empty: no IPv6); Ipv6Cidr.cs parses them.</summary>
    public ImmutableArray<string> Ipv6CidrBlocks { get; init; } = [];
}
