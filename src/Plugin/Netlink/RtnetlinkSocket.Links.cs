using EsCni.Plugin.Netlink.Native;

namespace EsCni.Plugin.Netlink;

/// <summary>Link operations: create a veth pair across namespaces, look up, delete.</summary>
internal sealed partial class RtnetlinkSocket
{
    /// <summary>
    /// RTM_NEWLINK for a veth whose first end (<paramref name="name"/>) is created in this socket's namespace
    /// and whose peer is created directly in the namespace behind <paramref name="peerNamespaceFd"/>.
    /// </summary>
    /// <remarks>
    /// IFLA_NET_NS_FD sits inside VETH_INFO_PEER, so it applies to the peer only; at top level it would place
    /// the first end instead. Creating the peer in place avoids __dev_change_net_namespace, whose rcu_barrier
    /// under rtnl_lock costs ~22 ms and serialises concurrent ADDs (aws/amazon-vpc-cni-k8s#3764). The first
    /// end is created up (ifi_flags/ifi_change = IFF_UP); the peer cannot be: the kernel opens it before
    /// the pair is linked, and veth_open then fails with ENOTCONN. <see cref="SetLinkUp"/> brings it up.
    /// </remarks>
    public static NetlinkMessageBuilder NewVethRequest(
        string name, byte[] mac, uint mtu, string peerName, byte[] peerMac, int peerNamespaceFd)
    {
        ifinfomsg up = new() { ifi_flags = if_link.IFF_UP, ifi_change = if_link.IFF_UP };
        var request = new NetlinkMessageBuilder(
            rtnetlink.RTM_NEWLINK, (ushort)(netlink.NLM_F_CREATE | netlink.NLM_F_EXCL | netlink.NLM_F_ACK));
        request.Header(up)
            .AttributeString(if_link.IFLA_IFNAME, name)
            .AttributeU32(if_link.IFLA_MTU, mtu)
            .Attribute(if_link.IFLA_ADDRESS, mac);
        int linkInfo = request.BeginNested(if_link.IFLA_LINKINFO);
        request.AttributeBareString(if_link.IFLA_INFO_KIND, "veth");
        int data = request.BeginNested(if_link.IFLA_INFO_DATA);
        int peer = request.BeginNested(veth.VETH_INFO_PEER);
        ifinfomsg peerHeader = default;
        request.Header(peerHeader)
            .AttributeString(if_link.IFLA_IFNAME, peerName)
            .AttributeU32(if_link.IFLA_MTU, mtu)
            .Attribute(if_link.IFLA_ADDRESS, peerMac)
            .AttributeU32(if_link.IFLA_NET_NS_FD, (uint)peerNamespaceFd);
        request.EndNested(peer).EndNested(data).EndNested(linkInfo);
        return request;
    }

    public static NetlinkMessageBuilder LinkByNameRequest(ushort type, string name)
    {
        ifinfomsg any = default;
        return new NetlinkMessageBuilder(type, netlink.NLM_F_ACK)
            .Header(any)
            .AttributeString(if_link.IFLA_IFNAME, name);
    }

    /// <summary>RTM_NEWLINK on an existing index with IFF_UP in flags and change (what `ip link set up` sends).</summary>
    public static NetlinkMessageBuilder SetLinkUpRequest(int index)
    {
        ifinfomsg header = new() { ifi_index = index, ifi_flags = if_link.IFF_UP, ifi_change = if_link.IFF_UP };
        return new NetlinkMessageBuilder(rtnetlink.RTM_NEWLINK, netlink.NLM_F_ACK).Header(header);
    }

    public void SetLinkUp(int index, string name)
    {
        _socket.Execute(SetLinkUpRequest(index), $"RTM_NEWLINK set {name} (ifindex {index}) up{In}");
    }

    public void CreateVeth(string name, byte[] mac, uint mtu, string peerName, byte[] peerMac, int peerNamespaceFd)
    {
        _socket.Execute(
            NewVethRequest(name, mac, mtu, peerName, peerMac, peerNamespaceFd),
            $"RTM_NEWLINK veth {name}{In} with peer {peerName} in the host namespace");
    }

    /// <summary>Returns the link called <paramref name="name"/>, or null when there is none.</summary>
    public LinkEntry? FindLink(string name)
    {
        LinkEntry? found = null;
        _socket.Request(
            LinkByNameRequest(rtnetlink.RTM_GETLINK, name),
            $"RTM_GETLINK {name}{In}",
            (type, body) =>
            {
                if (type == rtnetlink.RTM_NEWLINK)
                {
                    found = ParseLink(body);
                }
            },
            static errno => errno == Errnos.ENODEV);
        return found;
    }

    /// <summary>Deletes a link by name (a veth takes its peer along); false when it did not exist.</summary>
    public bool DeleteLink(string name)
    {
        return _socket.ExecuteDelete(LinkByNameRequest(rtnetlink.RTM_DELLINK, name), $"RTM_DELLINK {name}{In}");
    }

    internal static LinkEntry ParseLink(ReadOnlySpan<byte> body)
    {
        ifinfomsg header = MemoryMarshal.Read<ifinfomsg>(body);
        string name = "";
        uint mtu = 0;
        byte[] mac = [];
        var attributes = new NetlinkAttributes(body[netlink.NLMSG_ALIGN(Marshal.SizeOf<ifinfomsg>())..]);
        while (attributes.MoveNext())
        {
            switch (attributes.Type)
            {
                case if_link.IFLA_IFNAME:
                    name = NetlinkAttributes.ReadString(attributes.Payload);
                    break;
                case if_link.IFLA_MTU:
                    mtu = NetlinkAttributes.ReadU32(attributes.Payload);
                    break;
                case if_link.IFLA_ADDRESS:
                    mac = attributes.Payload.ToArray();
                    break;
            }
        }

        return new LinkEntry(header.ifi_index, name, header.ifi_flags, mtu, mac);
    }
}
