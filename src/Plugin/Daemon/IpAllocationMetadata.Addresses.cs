namespace EsCni.Protocol.V1;

/// <summary>The plugin's reading of one allocation the daemon returned: its IPv4 or IPv6 address.</summary>
public sealed partial class IpAllocationMetadata
{
    /// <summary>The pod address, IPv6 when the daemon set ipv6_addr, else IPv4; null when neither parses.</summary>
    internal IPAddress? PodAddress()
    {
        if (Ipv6Addr.Length > 0)
        {
            return IPAddress.TryParse(Ipv6Addr, out IPAddress? v6) && v6.AddressFamily == AddressFamily.InterNetworkV6 ? v6 : null;
        }

        return IPAddress.TryParse(Ipv4Addr, out IPAddress? v4) && v4.AddressFamily == AddressFamily.InterNetwork ? v4 : null;
    }

    /// <summary>The address as the daemon sent it, for messages.</summary>
    internal string AddressText => Ipv6Addr.Length > 0 ? Ipv6Addr : Ipv4Addr;
}
