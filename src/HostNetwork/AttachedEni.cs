using System.Net;

namespace EsCni.HostNetwork;

/// <summary>An ENI attached to this node, as host networking needs it: which link (by MAC), which table, which address.</summary>
/// <param name="EniId">The ENI id (`eni-...`), used in reports and errors.</param>
/// <param name="Mac">The ENI's MAC; the link carrying it is the ENI (names like eth1 are not stable).</param>
/// <param name="DeviceIndex">The attachment's device index; 0 is the primary ENI.</param>
/// <param name="PrimaryIp">The ENI's primary private IPv4 address.</param>
/// <param name="SubnetCidr">The ENI's subnet; its first host is the VPC router (gateway).</param>
public sealed record AttachedEni(string EniId, string Mac, int DeviceIndex, IPAddress PrimaryIp, IPNetwork SubnetCidr)
{
    /// <summary>The main table: the primary ENI routes through it, as the VPC CNI does for network card 0, device 0.</summary>
    public const int MainRouteTable = 254;

    /// <summary>True for device index 0, which keeps the node's own addressing and only gets its MTU set.</summary>
    public bool IsPrimary => DeviceIndex == 0;

    /// <summary>The route table for traffic from this ENI's addresses: device index + 1 (the VPC CNI's numbering), main for the primary.</summary>
    public int RouteTable => IsPrimary ? MainRouteTable : DeviceIndex + 1;

    /// <summary>The subnet's first host address: AWS reserves it for the VPC router.</summary>
    public IPAddress Gateway
    {
        get
        {
            byte[] bytes = SubnetCidr.BaseAddress.GetAddressBytes();
            for (int i = bytes.Length - 1; i >= 0; i--)
            {
                if (++bytes[i] != 0)
                {
                    break;
                }
            }
            return new IPAddress(bytes);
        }
    }
}
