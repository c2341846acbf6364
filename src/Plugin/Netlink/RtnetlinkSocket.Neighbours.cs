using EsCni.Plugin.Netlink.Native;

namespace EsCni.Plugin.Netlink;

/// <summary>Neighbour operations: a permanent ARP (IPv4) or NDP (IPv6) entry for the gateway, and listing entries.</summary>
internal sealed partial class RtnetlinkSocket
{
    /// <summary>RTM_NEWNEIGH, NUD_PERMANENT, with REPLACE so a retried ADD converges.</summary>
    public static NetlinkMessageBuilder ReplaceNeighbourRequest(int index, IPAddress destination, byte[] linkAddress)
    {
        ndmsg header = new()
        {
            ndm_family = Family(destination),
            ndm_ifindex = index,
            ndm_state = neighbour.NUD_PERMANENT,
        };
        return new NetlinkMessageBuilder(
                rtnetlink.RTM_NEWNEIGH, (ushort)(netlink.NLM_F_CREATE | netlink.NLM_F_REPLACE | netlink.NLM_F_ACK))
            .Header(header)
            .AttributeAddress(neighbour.NDA_DST, destination)
            .Attribute(neighbour.NDA_LLADDR, linkAddress);
    }

    public void ReplaceNeighbour(int index, IPAddress destination, byte[] linkAddress)
    {
        _socket.Execute(
            ReplaceNeighbourRequest(index, destination, linkAddress),
            $"RTM_NEWNEIGH {destination} permanent on ifindex {index}{In}");
    }

    /// <summary>Lists the neighbour entries of one family (IPv4 unless <paramref name="family"/> says otherwise).</summary>
    public List<NeighbourEntry> DumpNeighbours(AddressFamily family = AddressFamily.InterNetwork) =>
        Dump(rtnetlink.RTM_GETNEIGH, rtnetlink.RTM_NEWNEIGH, new ndmsg { ndm_family = Family(family) }, "RTM_GETNEIGH dump", ParseNeighbour);

    private static NeighbourEntry? ParseNeighbour(ReadOnlySpan<byte> body)
    {
        ndmsg reply = MemoryMarshal.Read<ndmsg>(body);
        IPAddress? destination = null;
        byte[]? linkAddress = null;
        var attributes = new NetlinkAttributes(body[Marshal.SizeOf<ndmsg>()..]);
        while (attributes.MoveNext())
        {
            if (attributes.Type == neighbour.NDA_DST)
            {
                destination = NetlinkAttributes.ReadAddress(attributes.Payload);
            }
            else if (attributes.Type == neighbour.NDA_LLADDR)
            {
                linkAddress = attributes.Payload.ToArray();
            }
        }

        return destination is null ? null : new NeighbourEntry(reply.ndm_ifindex, destination, linkAddress, reply.ndm_state);
    }
}
