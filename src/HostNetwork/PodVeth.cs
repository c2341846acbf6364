namespace EsCni.HostNetwork;

/// <summary>A host-side pod veth (named with the veth prefix, `eni` by default).</summary>
/// <param name="Name">The link name, `eni` + 11 hex digits of sha1("namespace.pod").</param>
/// <param name="Index">The ifindex.</param>
/// <param name="Mac">The MAC in lower case.</param>
/// <param name="IsUp">True when administratively up.</param>
/// <param name="PeerNetnsId">The id of the network namespace holding the peer (a pod's), null when the peer is not in another namespace.</param>
/// <param name="PeerIndex">The peer's ifindex inside that namespace; 0 when not shown.</param>
public sealed record PodVeth(string Name, int Index, string Mac, bool IsUp, int? PeerNetnsId = null, int PeerIndex = 0);
