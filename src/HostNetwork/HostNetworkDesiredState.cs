namespace EsCni.HostNetwork;

/// <summary>Everything host networking should look like, as the daemon knows it from the pool: the attached ENIs, their MTU and SNAT.</summary>
/// <param name="Enis">Every ENI attached to this node, the primary included.</param>
/// <param name="Mtu">AWS_VPC_ENI_MTU: the MTU of every ENI link.</param>
/// <param name="Snat">The SNAT chain's settings.</param>
public sealed record HostNetworkDesiredState(IReadOnlyList<AttachedEni> Enis, int Mtu, SnatSettings Snat);
