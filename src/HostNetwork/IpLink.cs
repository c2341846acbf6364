namespace EsCni.HostNetwork;

/// <summary>A link as `ip -json addr show` reports it, with its IPv4 addresses.</summary>
/// <param name="Index">The ifindex.</param>
/// <param name="Name">The link name (eth1, eni0123abcd...).</param>
/// <param name="Mac">The MAC in lower case, colon-separated.</param>
/// <param name="Mtu">The MTU.</param>
/// <param name="IsUp">True when the administrative UP flag is set (carrier is not our concern).</param>
/// <param name="Ipv4Addresses">Global IPv4 addresses as `address/prefix`.</param>
/// <param name="PeerNetnsId">For a veth whose peer lives in another network namespace, that namespace's id as seen from here (`link_netnsid`); null otherwise.</param>
/// <param name="PeerIndex">The peer's ifindex (`link_index`), 0 when not shown.</param>
internal sealed record IpLink(int Index, string Name, string Mac, int Mtu, bool IsUp, IReadOnlyList<string> Ipv4Addresses, int? PeerNetnsId = null, int PeerIndex = 0);
