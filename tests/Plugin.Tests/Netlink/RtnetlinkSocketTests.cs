extern alias plugin;

using System;
using System.Net;
using plugin::EsCni.Plugin.Netlink;

namespace EsCni.Plugin.Tests.Netlink;

/// <summary>Byte layout of the rtnetlink requests, compared with what iproute2 sends for the same operation.</summary>
public sealed class RtnetlinkSocketTests
{
    [Fact]
    public void NewVethRequest_PeerInOtherNamespace_MatchesIproute2Layout()
    {
        // `strace ip -n A link add eth0 address 02:11:22:33:44:55 mtu 9001 up type veth peer name vethx mtu 9001
        //  address 02:11:22:33:44:66 netns B` sends these attributes (reordered here the way the plugin writes them).
        byte[] mac = [0x02, 0x11, 0x22, 0x33, 0x44, 0x55];
        byte[] peerMac = [0x02, 0x11, 0x22, 0x33, 0x44, 0x66];
        byte[] message = RtnetlinkSocket.NewVethRequest("eth0", mac, 9001, "vethx", peerMac, 4).Finish(7).ToArray();

        string expected =
            "8c000000" + "1000" + "0506" + "07000000" + "00000000" +     // nlmsghdr: len 140, RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE, seq 7
            "00000000" + "00000000" + "01000000" + "01000000" +          // ifinfomsg: created up
            "0900" + "0300" + "6574683000" + "000000" +                  // IFLA_IFNAME "eth0\0" + pad
            "0800" + "0400" + "29230000" +                               // IFLA_MTU 9001
            "0a00" + "0100" + "021122334455" + "0000" +                  // IFLA_ADDRESS + pad
            "4c00" + "1200" +                                            // IFLA_LINKINFO (76)
            "0800" + "0100" + "76657468" +                               //   IFLA_INFO_KIND "veth"
            "4000" + "0200" +                                            //   IFLA_INFO_DATA (64)
            "3c00" + "0100" +                                            //     VETH_INFO_PEER (60)
            "00000000" + "00000000" + "00000000" + "00000000" +          //       ifinfomsg: peer not up (veth_open would fail ENOTCONN)
            "0a00" + "0300" + "7665746878" + "00" + "0000" +             //       IFLA_IFNAME "vethx\0" + pad
            "0800" + "0400" + "29230000" +                               //       IFLA_MTU
            "0a00" + "0100" + "021122334466" + "0000" +                  //       IFLA_ADDRESS + pad
            "0800" + "1c00" + "04000000";                                //       IFLA_NET_NS_FD 4
        Assert.Equal(expected, Convert.ToHexStringLower(message));
    }

    [Fact]
    public void ReplaceRouteRequest_DefaultViaGateway_HasUniverseScopeAndGateway()
    {
        byte[] message = RtnetlinkSocket.ReplaceRouteRequest(null, 0, IPAddress.Parse("169.254.1.1"), 3, 254).Finish(1).ToArray();

        string expected =
            "2c000000" + "1800" + "0505" + "01000000" + "00000000" +     // RTM_NEWROUTE, REQUEST|ACK|REPLACE|CREATE
            "02" + "00" + "00" + "00" + "fe" + "03" + "00" + "01" + "00000000" + // rtmsg: AF_INET, /0, main, boot, universe, unicast
            "0800" + "0500" + "a9fe0101" +                               // RTA_GATEWAY 169.254.1.1
            "0800" + "0400" + "03000000";                                // RTA_OIF 3
        Assert.Equal(expected, Convert.ToHexStringLower(message));
    }

    [Fact]
    public void ReplaceRouteRequest_HostRouteInHighTable_PutsTableInAttribute()
    {
        byte[] message = RtnetlinkSocket.ReplaceRouteRequest(IPAddress.Parse("10.0.3.7"), 32, null, 9, 1000).Finish(1).ToArray();

        Assert.Equal((byte)0, message[16 + 4]);   // rtm_table = RT_TABLE_UNSPEC
        Assert.Equal((byte)253, message[16 + 6]); // RT_SCOPE_LINK: no gateway
        Assert.EndsWith("0800" + "0100" + "0a000307" + "0800" + "0400" + "09000000" + "0800" + "0f00" + "e8030000",
            Convert.ToHexStringLower(message));
    }

    [Fact]
    public void NewAddressRequest_Slash32_CarriesLocalAndAddress()
    {
        byte[] message = RtnetlinkSocket.NewAddressRequest(5, IPAddress.Parse("10.0.3.7"), 32).Finish(2).ToArray();

        string expected =
            "28000000" + "1400" + "0505" + "02000000" + "00000000" +     // RTM_NEWADDR, REQUEST|ACK|REPLACE|CREATE
            "02" + "20" + "00" + "00" + "05000000" +                     // ifaddrmsg: AF_INET /32 index 5
            "0800" + "0200" + "0a000307" +                               // IFA_LOCAL
            "0800" + "0100" + "0a000307";                                // IFA_ADDRESS
        Assert.Equal(expected, Convert.ToHexStringLower(message));
    }

    [Fact]
    public void NewAddressRequest_Slash128_IsInet6WithNoDad()
    {
        byte[] message = RtnetlinkSocket.NewAddressRequest(5, IPAddress.Parse("2001:db8::7"), 128).Finish(2).ToArray();

        string v6 = "20010db8000000000000000000000007";
        string expected =
            "48000000" + "1400" + "0505" + "02000000" + "00000000" +     // RTM_NEWADDR, 72 bytes
            "0a" + "80" + "02" + "00" + "05000000" +                     // ifaddrmsg: AF_INET6 (10, not .NET's 23) /128 IFA_F_NODAD index 5
            "1400" + "0200" + v6 +                                       // IFA_LOCAL
            "1400" + "0100" + v6 +                                       // IFA_ADDRESS
            "0800" + "0800" + "02000000";                                // IFA_FLAGS IFA_F_NODAD
        Assert.Equal(expected, Convert.ToHexStringLower(message));
    }

    [Fact]
    public void ReplaceRouteRequest_DefaultViaLinkLocalGateway_IsInet6()
    {
        byte[] message = RtnetlinkSocket.ReplaceRouteRequest(null, 0, IPAddress.Parse("fe80::1"), 3, 254).Finish(1).ToArray();

        Assert.Equal((byte)10, message[16]); // rtm_family AF_INET6, taken from the gateway
        Assert.Contains("1400" + "0500" + "fe800000000000000000000000000001", Convert.ToHexStringLower(message)); // RTA_GATEWAY
    }

    [Fact]
    public void RuleRequest_ToIpv6Pod_IsInet6Slash128()
    {
        byte[] message = RtnetlinkSocket.RuleRequest(32 /* RTM_NEWRULE */, 512, null, IPAddress.Parse("2001:db8::7"), 254).Finish(1).ToArray();

        Assert.Equal((byte)10, message[16]);  // family AF_INET6
        Assert.Equal((byte)128, message[17]); // dst_len
        Assert.Equal((byte)0, message[18]);   // src_len
    }

    [Fact]
    public void ReplaceNeighbourRequest_Gateway_IsPermanentWithLinkAddress()
    {
        byte[] message = RtnetlinkSocket.ReplaceNeighbourRequest(3, IPAddress.Parse("169.254.1.1"), [2, 0, 0, 0, 0, 1]).Finish(3).ToArray();

        string expected =
            "30000000" + "1c00" + "0505" + "03000000" + "00000000" +     // RTM_NEWNEIGH, 48 bytes
            "02" + "00" + "0000" + "03000000" + "8000" + "00" + "00" +   // ndmsg: AF_INET, ifindex 3, NUD_PERMANENT
            "0800" + "0100" + "a9fe0101" +                               // NDA_DST
            "0a00" + "0200" + "020000000001" + "0000";                   // NDA_LLADDR + pad
        Assert.Equal(expected, Convert.ToHexStringLower(message));
    }

    [Fact]
    public void RuleRequest_FromPodToEniTable_MatchesFibRuleLayout()
    {
        byte[] message = RtnetlinkSocket.RuleRequest(32, 1536, IPAddress.Parse("10.0.3.7"), null, 2).Finish(4).ToArray();

        string expected =
            "34000000" + "2000" + "0506" + "04000000" + "00000000" +     // RTM_NEWRULE (52 bytes), REQUEST|ACK|EXCL|CREATE
            "02" + "00" + "20" + "00" + "02" + "00" + "00" + "01" + "00000000" + // fib_rule_hdr: src_len 32, table 2, FR_ACT_TO_TBL
            "0800" + "0200" + "0a000307" +                               // FRA_SRC
            "0800" + "0600" + "00060000" +                               // FRA_PRIORITY 1536
            "0800" + "0f00" + "02000000";                                // FRA_TABLE 2
        Assert.Equal(expected, Convert.ToHexStringLower(message));
    }

    [Fact]
    public void RuleRequest_DeleteAnyTable_OmitsTable()
    {
        byte[] message = RtnetlinkSocket.RuleRequest(33, 1536, IPAddress.Parse("10.0.3.7"), null, 0).Finish(4).ToArray();

        Assert.Equal("0500", Convert.ToHexStringLower(message.AsSpan(6, 2))); // DELRULE: REQUEST|ACK only
        Assert.DoesNotContain("0f00", Convert.ToHexStringLower(message.AsSpan(28)));
        Assert.Equal(0, message[16 + 4]);
    }

    [Fact]
    public void ParseLink_NewLinkReply_ReadsIndexNameMtuMac()
    {
        byte[] body = Convert.FromHexString(
            "00000100" + "07000000" + "43100100" + "00000000" +           // ifinfomsg: ARPHRD_ETHER, index 7, UP|LOWER_UP...
            "0900" + "0300" + "6574683000" + "000000" +
            "0800" + "0400" + "29230000" +
            "0a00" + "0100" + "021122334455" + "0000");

        LinkEntry link = RtnetlinkSocket.ParseLink(body);

        Assert.Equal(7, link.Index);
        Assert.Equal("eth0", link.Name);
        Assert.Equal(9001u, link.Mtu);
        Assert.True(link.IsUp);
        Assert.Equal("02:11:22:33:44:55", link.MacText);
    }

    [Fact]
    public void NetlinkAttributes_TruncatedAttribute_StopsInsteadOfOverreading()
    {
        byte[] attributes = Convert.FromHexString("0800" + "0400" + "29230000" + "ff00" + "0300" + "6574");
        var reader = new NetlinkAttributes(attributes);

        Assert.True(reader.MoveNext());
        Assert.Equal(4, reader.Type);
        Assert.False(reader.MoveNext());
    }
}
