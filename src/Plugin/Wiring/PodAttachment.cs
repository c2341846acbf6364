namespace EsCni.Plugin.Wiring;

/// <summary>What ADD wires for one pod: names, address, ENI route table and MTU.</summary>
/// <param name="IfName">The pod-side interface (CNI_IFNAME).</param>
/// <param name="HostVeth">The host-side veth name (<see cref="HostVethName"/>).</param>
/// <param name="PodIp">The pod's address from the daemon, plumbed as a /32 (IPv4) or a /128 (IPv6).</param>
/// <param name="RouteTableId">254 (main) for the primary ENI; otherwise the ENI's table, used by the from-pod rule.</param>
/// <param name="Mtu">MTU of both veth ends.</param>
internal sealed record PodAttachment(string IfName, string HostVeth, IPAddress PodIp, uint RouteTableId, uint Mtu)
{
    /// <summary>The pod's IPv4 gateway: a link-local address answered by the host veth via a static ARP entry.</summary>
    public static readonly IPAddress Gateway = IPAddress.Parse("169.254.1.1");

    /// <summary>The pod's IPv6 gateway (VPC CNI CalculatePodIPv6GatewayIP(0)), answered via a static NDP entry.</summary>
    public static readonly IPAddress Ipv6Gateway = IPAddress.Parse("fe80::1");

    /// <summary>Priority of `to &lt;pod&gt; lookup main` (VPC CNI toContainerRulePriority).</summary>
    public const uint ToPodRulePriority = 512;

    /// <summary>Priority of `from &lt;pod&gt; lookup &lt;eni table&gt;` (VPC CNI fromContainerRulePriority).</summary>
    public const uint FromPodRulePriority = 1536;

    public const uint MainTable = 254;

    public bool IsIpv6 => PodIp.AddressFamily == AddressFamily.InterNetworkV6;

    /// <summary>32 or 128: the pod owns exactly one address, so it and the host route are host prefixes.</summary>
    public byte HostLength => RtnetlinkSocket.HostPrefixLength(PodIp);

    /// <summary>The gateway of the pod's family.</summary>
    public IPAddress PodGateway => IsIpv6 ? Ipv6Gateway : Gateway;

    public AddressFamily Family => PodIp.AddressFamily;
}
