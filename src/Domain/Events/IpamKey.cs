namespace EsCni.Domain.Events;

/// <summary>The CNI IPAM key: one allocation per (network name, container id, interface name), as the CNI spec says.</summary>
/// <param name="NetworkName">The conflist network name.</param>
/// <param name="ContainerId">The sandbox container id (CNI_CONTAINERID).</param>
/// <param name="IfName">The interface name inside the pod (CNI_IFNAME).</param>
public sealed record IpamKey(string NetworkName, string ContainerId, string IfName)
{
    /// <summary>"network/container/ifname", for messages.</summary>
    public override string ToString() => $"{NetworkName}/{ContainerId}/{IfName}";
}
