using EsCni.Plugin.Netlink.Native;

namespace EsCni.Plugin.Netlink;

/// <summary>Route operations: replace, delete and list IPv4 or IPv6 routes (family from the addresses given).</summary>
internal sealed partial class RtnetlinkSocket
{
    /// <summary>RTM_NEWROUTE with NLM_F_REPLACE, so a retried ADD converges instead of failing on EEXIST.</summary>
    /// <param name="destination">Null for the default route.</param>
    /// <param name="gateway">Null for a directly connected (scope link) route.</param>
    public static NetlinkMessageBuilder ReplaceRouteRequest(
        IPAddress? destination, byte destinationLength, IPAddress? gateway, int outputIndex, uint table)
    {
        IPAddress familyOf = destination ?? gateway
            ?? throw new ArgumentException("a route needs a destination or a gateway to name its family", nameof(destination));
        rtmsg header = new()
        {
            rtm_family = Family(familyOf),
            rtm_dst_len = destinationLength,
            rtm_table = table < 256 ? (byte)table : rtnetlink.RT_TABLE_UNSPEC,
            rtm_protocol = rtnetlink.RTPROT_BOOT,
            rtm_scope = gateway is null ? rtnetlink.RT_SCOPE_LINK : rtnetlink.RT_SCOPE_UNIVERSE,
            rtm_type = rtnetlink.RTN_UNICAST,
        };
        var request = new NetlinkMessageBuilder(
            rtnetlink.RTM_NEWROUTE, (ushort)(netlink.NLM_F_CREATE | netlink.NLM_F_REPLACE | netlink.NLM_F_ACK));
        request.Header(header);
        if (destination is not null)
        {
            request.AttributeAddress(rtnetlink.RTA_DST, destination);
        }

        if (gateway is not null)
        {
            request.AttributeAddress(rtnetlink.RTA_GATEWAY, gateway);
        }

        request.AttributeU32(rtnetlink.RTA_OIF, (uint)outputIndex);
        if (table >= 256)
        {
            request.AttributeU32(rtnetlink.RTA_TABLE, table);
        }

        return request;
    }

    /// <summary>RTM_DELROUTE matching destination and table only, whatever device it points at.</summary>
    public static NetlinkMessageBuilder DeleteRouteRequest(IPAddress destination, byte destinationLength, uint table)
    {
        rtmsg header = new()
        {
            rtm_family = Family(destination),
            rtm_dst_len = destinationLength,
            rtm_table = table < 256 ? (byte)table : rtnetlink.RT_TABLE_UNSPEC,
            // RT_SCOPE_NOWHERE (255) on delete means "any scope" to fib_table_delete.
            rtm_scope = 255,
        };
        var request = new NetlinkMessageBuilder(rtnetlink.RTM_DELROUTE, netlink.NLM_F_ACK)
            .Header(header)
            .AttributeAddress(rtnetlink.RTA_DST, destination);
        if (table >= 256)
        {
            request.AttributeU32(rtnetlink.RTA_TABLE, table);
        }

        return request;
    }

    public void ReplaceRoute(IPAddress? destination, byte destinationLength, IPAddress? gateway, int outputIndex, uint table)
    {
        string what = destination is null ? "default" : $"{destination}/{destinationLength}";
        string via = gateway is null ? "" : $" via {gateway}";
        _socket.Execute(
            ReplaceRouteRequest(destination, destinationLength, gateway, outputIndex, table),
            $"RTM_NEWROUTE {what}{via} dev ifindex {outputIndex} table {table}{In}");
    }

    /// <summary>Deletes the route; false when there was none.</summary>
    public bool DeleteRoute(IPAddress destination, byte destinationLength, uint table)
    {
        return _socket.ExecuteDelete(
            DeleteRouteRequest(destination, destinationLength, table),
            $"RTM_DELROUTE {destination}/{destinationLength} table {table}{In}");
    }

    /// <summary>Lists the routes of one family (IPv4 unless <paramref name="family"/> says otherwise), every table.</summary>
    public List<RouteEntry> DumpRoutes(AddressFamily family = AddressFamily.InterNetwork) =>
        Dump(rtnetlink.RTM_GETROUTE, rtnetlink.RTM_NEWROUTE, new rtmsg { rtm_family = Family(family) }, "RTM_GETROUTE dump", ParseRoute);

    private static RouteEntry ParseRoute(ReadOnlySpan<byte> body)
    {
        rtmsg header = MemoryMarshal.Read<rtmsg>(body);
        uint table = header.rtm_table;
        IPAddress? destination = null;
        IPAddress? gateway = null;
        int outputIndex = 0;
        var attributes = new NetlinkAttributes(body[Marshal.SizeOf<rtmsg>()..]);
        while (attributes.MoveNext())
        {
            switch (attributes.Type)
            {
                case rtnetlink.RTA_TABLE:
                    table = NetlinkAttributes.ReadU32(attributes.Payload);
                    break;
                case rtnetlink.RTA_DST:
                    destination = NetlinkAttributes.ReadAddress(attributes.Payload);
                    break;
                case rtnetlink.RTA_GATEWAY:
                    gateway = NetlinkAttributes.ReadAddress(attributes.Payload);
                    break;
                case rtnetlink.RTA_OIF:
                    outputIndex = (int)NetlinkAttributes.ReadU32(attributes.Payload);
                    break;
            }
        }

        return new RouteEntry(table, destination, header.rtm_dst_len, gateway, outputIndex, header.rtm_scope);
    }
}
