namespace EsCni.HostNetwork;

/// <summary>A link as `ip -json addr show` reports it, with its IPv4 addresses.</summary>
/// <param name="Index">The ifindex.</param>
/// <param name="Name">The link name (eth1, eni0123abcd...).</param>
/// <param name="Mac">The MAC in lower case, colon-separated.</param>
/// <param name="Mtu">The MTU.</param>
/// <param name="IsUp">True when the administrative UP flag is set (carrier is not our concern).</param>
/// <param name="Ipv4Addresses">Global IPv4 addresses as `address/prefix`.</param>
internal sealed record IpLink(int Index, string Name, string Mac, int Mtu, bool IsUp, IReadOnlyList<string> Ipv4Addresses);
