using System;
using System.Collections.Immutable;
using System.Linq;

namespace EsCni.Ec2Sim.Model;

/// <summary>An elastic network interface. Immutable: the simulator replaces it on every change, so a reader's copy never moves under it.</summary>
/// <param name="Id">eni-… id.</param>
/// <param name="SubnetId">Its subnet.</param>
/// <param name="VpcId">Its VPC.</param>
/// <param name="AvailabilityZone">The subnet's zone.</param>
/// <param name="MacAddress">Lower-case colon form, e.g. 02:00:0a:0a:00:0a.</param>
/// <param name="Description">Free text; the VPC CNI writes aws-K8S-&lt;instance id&gt;.</param>
/// <param name="Status">available, attaching, in-use or detaching.</param>
/// <param name="Attachment">Null when not attached.</param>
/// <param name="PrivateIps">Primary first, then secondaries in assignment order.</param>
/// <param name="Ipv4Prefixes">Delegated /28 prefixes.</param>
/// <param name="Tags">Tags by key.</param>
/// <param name="SecurityGroups">sg-… ids.</param>
/// <param name="SourceDestCheck">EC2's flag, settable by ModifyNetworkInterfaceAttribute.</param>
/// <param name="CreatedAt">When it was created (simulator clock).</param>
/// <param name="ClientToken">The CreateNetworkInterface ClientToken, if one was given.</param>
public sealed record Eni(
    string Id,
    string SubnetId,
    string VpcId,
    string AvailabilityZone,
    string MacAddress,
    string Description,
    EniStatus Status,
    EniAttachment? Attachment,
    ImmutableList<PrivateIp> PrivateIps,
    ImmutableList<string> Ipv4Prefixes,
    ImmutableSortedDictionary<string, string> Tags,
    ImmutableList<string> SecurityGroups,
    bool SourceDestCheck,
    DateTimeOffset CreatedAt,
    string? ClientToken)
{
    /// <summary>IPv6 addresses assigned one by one (AssignIpv6Addresses Ipv6AddressCount).</summary>
    public ImmutableList<string> Ipv6Addresses { get; init; } = [];

    /// <summary>Delegated IPv6 /80 prefixes (AssignIpv6Addresses Ipv6PrefixCount), as the VPC CNI's IPv6 mode takes one.</summary>
    public ImmutableList<string> Ipv6Prefixes { get; init; } = [];

    /// <summary>The primary private IPv4 address.</summary>
    public string PrimaryIp => PrivateIps.First(p => p.Primary).Address;

    /// <summary>IPv4 slots in use: each address and each /28 prefix takes one, as EC2 counts them against the per-ENI limit.</summary>
    public int UsedSlots => PrivateIps.Count + Ipv4Prefixes.Count;

    /// <summary>True when attached and finished attaching: what IMDS and the node can see.</summary>
    public bool IsVisibleOnInstance => Status == EniStatus.InUse && Attachment is { Status: "attached" };
}
