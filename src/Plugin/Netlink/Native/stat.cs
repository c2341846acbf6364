namespace EsCni.Plugin.Netlink.Native;

#pragma warning disable IDE1006, CA1707 // kernel names, kept exactly as <sys/stat.h> spells them

/// <summary>fstat of &lt;sys/stat.h&gt; (exported by glibc since 2.33; Tmds.LibC 0.5 binds the older __fxstat).</summary>
internal static unsafe partial class stat
{
    /// <summary>Bytes to reserve for struct stat (144 on x86_64, 128 on arm64).</summary>
    public const int StatSize = 256;

    /// <summary>Offsets of st_dev and st_ino (both 8-byte) on x86_64 and arm64 glibc.</summary>
    public const int StDevOffset = 0;
    public const int StInoOffset = 8;

    [LibraryImport("libc.so.6", SetLastError = true)]
    public static partial int fstat(int fd, byte* buf);
}
