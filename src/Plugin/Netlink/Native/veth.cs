namespace EsCni.Plugin.Netlink.Native;

#pragma warning disable IDE1006, CA1707 // kernel names, kept exactly as <linux/veth.h> spells them

/// <summary>Attributes of &lt;linux/veth.h&gt;.</summary>
internal static class veth
{
    /// <summary>Nested in IFLA_INFO_DATA: an ifinfomsg followed by the peer's IFLA_* attributes.</summary>
    public const ushort VETH_INFO_PEER = 1;
}
