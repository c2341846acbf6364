namespace EsCni.Plugin.Netlink.Native;

#pragma warning disable IDE1006, CA1707 // kernel names, kept exactly as <linux/magic.h> spells them

/// <summary>File-system magic numbers of &lt;linux/magic.h&gt; that identify a network namespace file.</summary>
internal static class magic
{
    public const long NSFS_MAGIC = 0x6e736673;
    public const long PROC_SUPER_MAGIC = 0x9fa0;
}
