namespace EsCni.Cloud;

/// <summary>What an instance type allows, from DescribeInstanceTypes.</summary>
/// <param name="InstanceType">e.g. <c>m5.large</c>.</param>
/// <param name="MaxEnis">Network interfaces the type can attach (<c>MaximumNetworkInterfaces</c>).</param>
/// <param name="Ipv4PerEni">Private IPv4 addresses per ENI, the primary included (<c>Ipv4AddressesPerInterface</c>).</param>
/// <param name="IsNitro">True on the Nitro hypervisor, which prefix delegation needs.</param>
public sealed record InstanceTypeLimits(string InstanceType, int MaxEnis, int Ipv4PerEni, bool IsNitro)
{
    /// <summary>The VPC CNI's max-pods formula: ENIs × (IPv4 per ENI − 1) + 2.</summary>
    public int MaxPods => (MaxEnis * (Ipv4PerEni - 1)) + 2;
}
