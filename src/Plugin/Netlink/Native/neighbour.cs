namespace EsCni.Plugin.Netlink.Native;

#pragma warning disable IDE1006, CA1707 // kernel names, kept exactly as <linux/neighbour.h> spells them

/// <summary>The neighbour message header of &lt;linux/neighbour.h&gt; (12 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ndmsg
{
    public byte ndm_family;
    public byte ndm_pad1;
    public ushort ndm_pad2;
    public int ndm_ifindex;
    public ushort ndm_state;
    public byte ndm_flags;
    public byte ndm_type;
}

/// <summary>Neighbour attributes and states of &lt;linux/neighbour.h&gt;.</summary>
internal static class neighbour
{
    public const ushort NDA_DST = 1;
    public const ushort NDA_LLADDR = 2;

    public const ushort NUD_PERMANENT = 0x80;
}
