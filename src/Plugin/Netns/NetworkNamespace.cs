using System.Runtime.ExceptionServices;
using System.Text;
using EsCni.Plugin.Netlink.Native;
using static Tmds.Linux.LibC;

namespace EsCni.Plugin.Netns;

/// <summary>An open network namespace file, and the only code in the plugin that calls setns.</summary>
/// <remarks>
/// The network namespace belongs to a thread, not the process. <see cref="Run{T}"/> therefore switches
/// on a brand-new dedicated thread, never on the main thread or a pool thread, restores the original
/// namespace before the thread ends, and fails the process if it cannot (a thread left in the pod's
/// namespace must not run anything else). See README.md in this folder.
/// </remarks>
internal sealed unsafe class NetworkNamespace : IDisposable
{
    private readonly FileDescriptorHandle _handle;

    private NetworkNamespace(FileDescriptorHandle handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    public string Path { get; }

    /// <summary>The descriptor, e.g. for IFLA_NET_NS_FD; valid while this object is alive.</summary>
    public int Fd => _handle.Fd;

    /// <summary>Opens <paramref name="path"/> and checks that it really is a network namespace file.</summary>
    /// <exception cref="NamespaceNotFoundException">The path does not exist (e.g. the netns was deleted).</exception>
    /// <exception cref="ArgumentException">The path is not a namespace file (nsfs or procfs).</exception>
    public static NetworkNamespace Open(string path)
    {
        int fd = OpenFile(path);
        if (fd < 0)
        {
            int error = errno;
            if (error == Errnos.ENOENT)
            {
                throw new NamespaceNotFoundException(path);
            }

            throw new NetlinkException($"open({path})", error, null);
        }

        var handle = new FileDescriptorHandle(fd);
        byte* stat = stackalloc byte[vfs.StatfsSize];
        if (vfs.fstatfs(fd, stat) != 0)
        {
            int error = errno;
            handle.Dispose();
            throw new NetlinkException($"fstatfs({path})", error, null);
        }

        // Refuse a regular file, a device or a directory that merely sits at the path: setns on it would
        // fail anyway, and this way the message says what is wrong (containernetworking's ns.GetNS does the same).
        long fileSystem = *(long*)stat;
        if (fileSystem != magic.NSFS_MAGIC && fileSystem != magic.PROC_SUPER_MAGIC)
        {
            handle.Dispose();
            throw new ArgumentException(
                $"'{path}' is not a network namespace (file system magic 0x{fileSystem:x}, expected nsfs 0x6e736673 "
                + "or proc 0x9fa0); pass a /run/netns/<name> or /proc/<pid>/ns/net path");
        }

        // procfs also holds /proc/<pid>/status and friends: ask the kernel what kind of namespace this is (an ioctl on
        // a namespace file, Linux >= 4.11), so any other file is refused here with "invalid environment", not
        // discovered later as a failed setns.
        if (ioctl(fd, nsfs.NS_GET_NSTYPE) != CLONE_NEWNET)
        {
            handle.Dispose();
            throw new ArgumentException($"'{path}' is not a network namespace file (NS_GET_NSTYPE does not answer CLONE_NEWNET); pass a /run/netns/<name> or /proc/<pid>/ns/net path");
        }

        return new NetworkNamespace(handle, path);
    }

    /// <summary>Opens the calling thread's own network namespace (the plugin's "host" namespace).</summary>
    public static NetworkNamespace OpenCurrent() => Open("/proc/thread-self/ns/net");

    /// <summary>True when both descriptors name the same namespace (same nsfs device and inode).</summary>
    public bool IsSameAs(NetworkNamespace other) => Identity() == other.Identity();

    /// <summary>Runs <paramref name="body"/> on a dedicated thread switched into this namespace.</summary>
    /// <remarks>
    /// <paramref name="body"/> must be short and synchronous: open sockets or files, nothing else. No await,
    /// no logging, no Task, nothing that could start a runtime thread, since a thread created in the
    /// window would inherit the pod's namespace for life. Sockets opened here stay bound to the
    /// namespace after the thread switches back, so the caller uses them from its own thread.
    /// </remarks>
    public T Run<T>(Func<T> body)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = RunSwitched(body);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = "escni-netns",
        };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }

    public void Dispose() => _handle.Dispose();

    private T RunSwitched<T>(Func<T> body)
    {
        using NetworkNamespace original = OpenCurrent();
        if (setns(Fd, CLONE_NEWNET) != 0)
        {
            throw new NetlinkException($"setns({Path}, CLONE_NEWNET)", errno, null);
        }

        try
        {
            return body();
        }
        finally
        {
            if (setns(original.Fd, CLONE_NEWNET) != 0)
            {
                // Continuing would let this thread, still in the pod namespace, run code that believes it is
                // in the host namespace. There is no safe recovery, so stop the process.
                Environment.FailFast($"escni: setns back to the host namespace failed (errno {errno}); aborting");
            }
        }
    }

    // A namespace is identified by its nsfs device and inode; the path says nothing (a bind mount under
    // /run/netns and /proc/<pid>/ns/net can be the same namespace).
    private (ulong Device, ulong Inode) Identity()
    {
        byte* buffer = stackalloc byte[Netlink.Native.stat.StatSize];
        if (Netlink.Native.stat.fstat(Fd, buffer) != 0)
        {
            throw new NetlinkException($"fstat({Path})", errno, null);
        }

        return (*(ulong*)(buffer + Netlink.Native.stat.StDevOffset), *(ulong*)(buffer + Netlink.Native.stat.StInoOffset));
    }

    private static int OpenFile(string path)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* pathBytes = bytes)
        {
            while (true)
            {
                int fd = open(pathBytes, O_RDONLY | O_CLOEXEC);
                if (fd >= 0 || errno != Errnos.EINTR)
                {
                    return fd;
                }
            }
        }
    }
}
