namespace EsCni.Plugin.Netlink.Native;

#pragma warning disable IDE1006, CA1707 // kernel names, kept exactly as <linux/nsfs.h> spells them

/// <summary>The namespace-file ioctls of &lt;linux/nsfs.h&gt;.</summary>
internal static class nsfs
{
    /// <summary>The nsfs ioctl type.</summary>
    public const int NSIO = 0xb7;

    /// <summary><c>_IO(NSIO, 0x3)</c>: returns the CLONE_NEW* type of the namespace a file refers to.</summary>
    public const int NS_GET_NSTYPE = (NSIO << 8) | 0x3;
}
