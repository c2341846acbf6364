using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;

namespace EsCni.Journal.Storage;

/// <summary>The real file system: .NET file handles for data, libc for fdatasync, directory fsync and flock.</summary>
internal sealed class PosixFileSystem : IJournalFileSystem
{
    /// <summary>The shared instance; it holds no state.</summary>
    public static PosixFileSystem Instance { get; } = new();

    /// <inheritdoc />
    public void CreateDirectory(string directory) => Directory.CreateDirectory(directory);

    /// <inheritdoc />
    public IReadOnlyList<string> ListFiles(string directory)
    {
        List<string> names = [];
        foreach (string path in Directory.EnumerateFiles(directory))
        {
            names.Add(Path.GetFileName(path));
        }

        return names;
    }

    /// <inheritdoc />
    public IJournalFile Create(string path)
        => new PosixFile(File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete), path);

    /// <inheritdoc />
    public IJournalFile Open(string path, bool writable)
        => new PosixFile(
            File.OpenHandle(path, FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read, FileShare.ReadWrite | FileShare.Delete),
            path);

    /// <inheritdoc />
    public void Delete(string path) => File.Delete(path);

    /// <inheritdoc />
    public void Rename(string from, string to) => File.Move(from, to, overwrite: true);

    /// <inheritdoc />
    public unsafe void SyncDirectory(string directory)
    {
        // A new, renamed or deleted name is only durable once the directory itself is fsynced
        // (ALICE, etcd #22340); .NET has no API for that, so open(O_DIRECTORY) + fsync by hand.
        byte[] path = NullTerminated(directory);
        int fd;
        fixed (byte* p = path)
        {
            fd = LibC.open(p, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
        }

        if (fd < 0)
        {
            throw PosixError("open(O_DIRECTORY)", directory);
        }

        try
        {
            if (LibC.fsync(fd) != 0)
            {
                throw PosixError("fsync", directory);
            }
        }
        finally
        {
            _ = LibC.close(fd);
        }
    }

    /// <inheritdoc />
    public IDisposable Lock(string directory) => DirectoryLock.Acquire(Path.Combine(directory, Format.FileNames.Lock));

    /// <summary>Builds an IOException naming the syscall, the object and errno's text.</summary>
    internal static IOException PosixError(string syscall, string path)
    {
        int errno = Marshal.GetLastPInvokeError() is int e and not 0 ? e : LibC.errno;
        return new IOException($"{syscall} on {path} failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})", errno);
    }

    /// <summary>A UTF-8, NUL-terminated copy of a path for libc.</summary>
    internal static byte[] NullTerminated(string path)
    {
        byte[] bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(path) + 1];
        System.Text.Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    /// <summary>Calls fdatasync or fsync on a .NET handle's descriptor.</summary>
    internal static void SyncHandle(SafeFileHandle handle, string path, bool dataOnly)
    {
        bool added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            int fd = (int)handle.DangerousGetHandle();
            // Never retried: after a failed fsync the kernel may have dropped the dirty pages, so a second
            // call can succeed without the data being on disk (PostgreSQL "fsyncgate").
            if ((dataOnly ? LibC.fdatasync(fd) : LibC.fsync(fd)) != 0)
            {
                throw PosixError(dataOnly ? "fdatasync" : "fsync", path);
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }
}
