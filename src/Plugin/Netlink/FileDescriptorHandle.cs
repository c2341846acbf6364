using static Tmds.Linux.LibC;

namespace EsCni.Plugin.Netlink;

/// <summary>Owns one file descriptor (netlink socket, namespace file, log file) and closes it exactly once.</summary>
internal sealed class FileDescriptorHandle : SafeHandle
{
    public FileDescriptorHandle(int fd)
        : base(invalidHandleValue: new IntPtr(-1), ownsHandle: true)
    {
        SetHandle(new IntPtr(fd));
    }

    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>The raw descriptor, for syscalls; valid only while this handle is alive.</summary>
    public int Fd => (int)handle.ToInt64();

    protected override bool ReleaseHandle()
    {
        // close() is not retried on EINTR: on Linux the descriptor is gone either way.
        return close((int)handle.ToInt64()) == 0;
    }
}
