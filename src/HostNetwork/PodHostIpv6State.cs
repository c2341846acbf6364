namespace EsCni.HostNetwork;

/// <summary>What the host holds for IPv6 pods, as read: the `to POD lookup main` rules and the /128 routes through pod veths. Facts only.</summary>
/// <param name="ToPodRules">IPv6 rules at priority 512 with a /128 destination.</param>
/// <param name="HostRoutes">Main-table /128 routes through a pod veth.</param>
public sealed record PodHostIpv6State(IReadOnlyList<PodRule> ToPodRules, IReadOnlyList<PodHostRoute> HostRoutes);
