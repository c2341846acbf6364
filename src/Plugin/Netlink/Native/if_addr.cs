namespace EsCni.Plugin.Netlink.Native;

#pragma warning disable IDE1006, CA1707 // kernel names, kept exactly as <linux/if_addr.h> spells them

/// <summary>The address message header of &lt;linux/if_addr.h&gt; (8 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ifaddrmsg
{
    public byte ifa_family;
    public byte ifa_prefixlen;
    public byte ifa_flags;
    public byte ifa_scope;
    public uint ifa_index;
}

/// <summary>Address attributes of &lt;linux/if_addr.h&gt;.</summary>
internal static class if_addr
{
    public const ushort IFA_ADDRESS = 1;
    public const ushort IFA_LOCAL = 2;
    public const ushort IFA_FLAGS = 8;

    public const byte IFA_F_NODAD = 0x02;
    public const byte IFA_F_DADFAILED = 0x08;
    public const byte IFA_F_TENTATIVE = 0x40;
}
