namespace EsCni.Plugin.Netlink.Native;

#pragma warning disable IDE1006, CA1707, SYSLIB1054 // kernel names, kept exactly as <sys/vfs.h> spells them

/// <summary>fstatfs of &lt;sys/vfs.h&gt;, which Tmds.LibC 0.5 lacks.</summary>
internal static unsafe partial class vfs
{
    /// <summary>sizeof(struct statfs) on 64-bit glibc; f_type (a long) is its first field.</summary>
    public const int StatfsSize = 120;

    [LibraryImport("libc.so.6", SetLastError = true)]
    public static partial int fstatfs(int fd, byte* buf);
}
