namespace EsCni.Plugin.Netlink.Native;

#pragma warning disable IDE1006, CA1707 // kernel names, kept exactly as <linux/fib_rules.h> spells them

/// <summary>The policy-rule message header of &lt;linux/fib_rules.h&gt; (12 bytes, laid out like rtmsg).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct fib_rule_hdr
{
    public byte family;
    public byte dst_len;
    public byte src_len;
    public byte tos;
    public byte table;
    public byte res1;
    public byte res2;
    public byte action;
    public uint flags;
}

/// <summary>Rule attributes and actions of &lt;linux/fib_rules.h&gt;.</summary>
internal static class fib_rules
{
    public const ushort FRA_DST = 1;
    public const ushort FRA_SRC = 2;
    public const ushort FRA_PRIORITY = 6;
    public const ushort FRA_TABLE = 15;

    public const byte FR_ACT_TO_TBL = 1;
}
