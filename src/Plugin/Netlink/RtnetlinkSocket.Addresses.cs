using EsCni.Plugin.Netlink.Native;

namespace EsCni.Plugin.Netlink;

/// <summary>Address operations: add an IPv4 or IPv6 address, list addresses of one family.</summary>
internal sealed partial class RtnetlinkSocket
{
    /// <summary>RTM_NEWADDR with IFA_LOCAL and IFA_ADDRESS both set, as `ip addr add` sends it.</summary>
    /// <remarks>
    /// No IFA_BROADCAST: the plugin only assigns /32s and /128s, where a broadcast address has no meaning.
    /// An IPv6 address is added with IFA_F_NODAD: the /128 sits alone on a point-to-point veth whose only
    /// other end is ours, so duplicate address detection can find nothing, and skipping it makes the
    /// address usable the moment ADD returns (without it the address is "tentative" for about a second
    /// and the pod's first connections fail with EADDRNOTAVAIL).
    /// </remarks>
    public static NetlinkMessageBuilder NewAddressRequest(int index, IPAddress address, byte prefixLength)
    {
        bool v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        ifaddrmsg header = new()
        {
            ifa_family = Family(address),
            ifa_prefixlen = prefixLength,
            ifa_flags = v6 ? if_addr.IFA_F_NODAD : (byte)0,
            ifa_index = (uint)index,
        };
        var request = new NetlinkMessageBuilder(
                rtnetlink.RTM_NEWADDR, (ushort)(netlink.NLM_F_CREATE | netlink.NLM_F_REPLACE | netlink.NLM_F_ACK))
            .Header(header)
            .AttributeAddress(if_addr.IFA_LOCAL, address)
            .AttributeAddress(if_addr.IFA_ADDRESS, address);
        if (v6)
        {
            request.AttributeU32(if_addr.IFA_FLAGS, if_addr.IFA_F_NODAD);
        }

        return request;
    }

    public void AddAddress(int index, IPAddress address, byte prefixLength)
    {
        _socket.Execute(
            NewAddressRequest(index, address, prefixLength),
            $"RTM_NEWADDR {address}/{prefixLength} on ifindex {index}{In}");
    }

    /// <summary>Lists the addresses of one family (IPv4 unless <paramref name="family"/> says otherwise).</summary>
    public List<AddressEntry> DumpAddresses(AddressFamily family = AddressFamily.InterNetwork)
    {
        byte kernelFamily = Family(family);
        return Dump(
            rtnetlink.RTM_GETADDR, rtnetlink.RTM_NEWADDR, new ifaddrmsg { ifa_family = kernelFamily }, "RTM_GETADDR dump",
            body => MemoryMarshal.Read<ifaddrmsg>(body).ifa_family == kernelFamily ? ParseAddress(body) : null);
    }

    private static AddressEntry? ParseAddress(ReadOnlySpan<byte> body)
    {
        ifaddrmsg reply = MemoryMarshal.Read<ifaddrmsg>(body);
        uint flags = reply.ifa_flags;
        IPAddress? local = null;
        var attributes = new NetlinkAttributes(body[Marshal.SizeOf<ifaddrmsg>()..]);
        while (attributes.MoveNext())
        {
            if (attributes.Type == if_addr.IFA_LOCAL
                || (attributes.Type == if_addr.IFA_ADDRESS && local is null))
            {
                local = NetlinkAttributes.ReadAddress(attributes.Payload);
            }
            else if (attributes.Type == if_addr.IFA_FLAGS)
            {
                // The 32-bit flags supersede the header's 8 bits (which cannot hold IFA_F_NOPREFIXROUTE and later).
                flags = NetlinkAttributes.ReadU32(attributes.Payload);
            }
        }

        return local is null ? null : new AddressEntry((int)reply.ifa_index, local, reply.ifa_prefixlen, flags);
    }
}
