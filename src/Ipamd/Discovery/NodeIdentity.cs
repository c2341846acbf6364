using System.Net;

namespace EsCni.Ipamd.Discovery;

/// <summary>What the daemon learned about its instance from IMDS and EC2: where new ENIs go and how many fit.</summary>
/// <param name="Instance">The instance as EC2 describes it (subnet, security groups, primary ENI).</param>
/// <param name="Limits">ENI and IPv4-per-ENI limits of its type.</param>
/// <param name="VpcCidrs">The VPC's IPv4 CIDRs (from IMDS, as the VPC CNI reads them).</param>
public sealed record NodeIdentity(InstanceDescription Instance, InstanceTypeLimits Limits, IReadOnlyList<IPNetwork> VpcCidrs)
{
    /// <summary>The node's primary IP: SNAT source for pod traffic leaving the VPC.</summary>
    public IPAddress PrimaryIp => Instance.PrimaryEni.PrimaryIp;

    /// <summary>The VPC's IPv6 CIDRs (IMDS <c>vpc-ipv6-cidr-blocks</c>), read in IPv6 mode only; empty otherwise.</summary>
    public IReadOnlyList<IPNetwork> VpcIpv6Cidrs { get; init; } = [];
}
