namespace EsCni.Plugin.Netlink.Native;

#pragma warning disable IDE1006, CA1707 // kernel names, kept exactly as <linux/if_link.h> spells them

/// <summary>Link attributes of &lt;linux/if_link.h&gt; and the interface flags of &lt;linux/if.h&gt;.</summary>
internal static class if_link
{
    public const ushort IFLA_ADDRESS = 1;
    public const ushort IFLA_IFNAME = 3;
    public const ushort IFLA_MTU = 4;
    public const ushort IFLA_LINK = 5;
    public const ushort IFLA_LINKINFO = 18;
    public const ushort IFLA_NET_NS_PID = 19;
    public const ushort IFLA_NET_NS_FD = 28;

    public const ushort IFLA_INFO_KIND = 1;
    public const ushort IFLA_INFO_DATA = 2;

    public const uint IFF_UP = 0x1;
    public const uint IFF_LOWER_UP = 0x10000;

    public const int IFNAMSIZ = 16;
}
