namespace EsCni.HostNetwork;

/// <summary>What the host holds for pods, as read: rules, /32 routes and veths. Facts only; the daemon compares them with the journal.</summary>
/// <param name="ToPodRules">Rules at priority 512 (`to POD lookup main`).</param>
/// <param name="FromPodRules">Rules at priority 1536 (`from POD lookup ENI-table`).</param>
/// <param name="HostRoutes">Main-table /32 routes through a pod veth.</param>
/// <param name="Veths">Links named with the pod veth prefix.</param>
public sealed record PodHostState(
    IReadOnlyList<PodRule> ToPodRules,
    IReadOnlyList<PodRule> FromPodRules,
    IReadOnlyList<PodHostRoute> HostRoutes,
    IReadOnlyList<PodVeth> Veths);
