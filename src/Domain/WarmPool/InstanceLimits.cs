namespace EsCni.Domain.WarmPool;

/// <summary>The instance type's ENI limits.</summary>
/// <param name="MaxEnis">ENIs the instance can attach.</param>
/// <param name="IpsPerEni">IPv4 addresses per ENI including the ENI's primary IP, which pods never get.</param>
public sealed record InstanceLimits(int MaxEnis, int IpsPerEni)
{
    /// <summary>Secondary IPs per ENI, the ones pods can use (the VPC CNI's maxIPsPerENI).</summary>
    public int PodIpsPerEni => IpsPerEni - 1;
}
