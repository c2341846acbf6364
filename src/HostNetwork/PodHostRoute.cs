using System.Net;

namespace EsCni.HostNetwork;

/// <summary>A host `/32` route in main to a pod through its host-side veth.</summary>
/// <param name="PodIp">The pod's IP.</param>
/// <param name="Device">The host veth the route uses.</param>
public sealed record PodHostRoute(IPAddress PodIp, string Device);
