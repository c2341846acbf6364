namespace EsCni.Domain.Pool;

/// <summary>The node identity and limits from the latest <see cref="NodeStarted"/>.</summary>
/// <param name="InstanceId">EC2 instance id.</param>
/// <param name="InstanceType">EC2 instance type.</param>
/// <param name="AvailabilityZone">Availability zone.</param>
/// <param name="VpcCidrs">VPC IPv4 CIDRs.</param>
/// <param name="MaxEnis">ENIs the node may use.</param>
/// <param name="IpsPerEni">IPv4 addresses per ENI including its primary IP.</param>
/// <param name="Build">Daemon build string.</param>
/// <param name="IpCooldown">The cooldown in force.</param>
/// <param name="StartedAt">When the daemon started.</param>
public sealed record NodeInfo(string InstanceId, string InstanceType, string AvailabilityZone, ValueList<string> VpcCidrs, int MaxEnis, int IpsPerEni, string Build, TimeSpan IpCooldown, DateTimeOffset StartedAt);
