using EsCni.Plugin.Netlink.Native;

namespace EsCni.Plugin.Netlink;

/// <summary>Address operations: add an IPv4 address, list addresses.</summary>
internal sealed partial class RtnetlinkSocket
{
    /// <summary>RTM_NEWADDR with IFA_LOCAL and IFA_ADDRESS both set, as `ip addr add` sends it.</summary>
    /// <remarks>No IFA_BROADCAST: the plugin only assigns /32s, where a broadcast address has no meaning.</remarks>
    public static NetlinkMessageBuilder NewAddressRequest(int index, IPAddress address, byte prefixLength)
    {
        ifaddrmsg header = new()
        {
            ifa_family = (byte)AddressFamily.InterNetwork,
            ifa_prefixlen = prefixLength,
            ifa_index = (uint)index,
        };
        return new NetlinkMessageBuilder(
                rtnetlink.RTM_NEWADDR, (ushort)(netlink.NLM_F_CREATE | netlink.NLM_F_REPLACE | netlink.NLM_F_ACK))
            .Header(header)
            .AttributeAddress(if_addr.IFA_LOCAL, address)
            .AttributeAddress(if_addr.IFA_ADDRESS, address);
    }

    public void AddAddress(int index, IPAddress address, byte prefixLength)
    {
        _socket.Execute(
            NewAddressRequest(index, address, prefixLength),
            $"RTM_NEWADDR {address}/{prefixLength} on ifindex {index}{In}");
    }

    public List<AddressEntry> DumpAddresses() =>
        Dump(rtnetlink.RTM_GETADDR, rtnetlink.RTM_NEWADDR, new ifaddrmsg { ifa_family = (byte)AddressFamily.InterNetwork }, "RTM_GETADDR dump", ParseAddress);

    private static AddressEntry? ParseAddress(ReadOnlySpan<byte> body)
    {
        ifaddrmsg reply = MemoryMarshal.Read<ifaddrmsg>(body);
        if (reply.ifa_family != (byte)AddressFamily.InterNetwork)
        {
            return null;
        }

        IPAddress? local = null;
        var attributes = new NetlinkAttributes(body[Marshal.SizeOf<ifaddrmsg>()..]);
        while (attributes.MoveNext())
        {
            if (attributes.Type == if_addr.IFA_LOCAL
                || (attributes.Type == if_addr.IFA_ADDRESS && local is null))
            {
                local = NetlinkAttributes.ReadAddress(attributes.Payload);
            }
        }

        return local is null ? null : new AddressEntry((int)reply.ifa_index, local, reply.ifa_prefixlen);
    }
}
