using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Tmds.Linux;

namespace EsCni.Journal.Storage;

/// <summary>The LOCK file held with flock(LOCK_EX) for the life of the appending journal; it records the holder's pid.</summary>
/// <remarks>
/// flock locks belong to the open file description, so a second open in the same process conflicts too, and
/// the kernel drops the lock when the process dies (even by SIGKILL): no stale-lock cleanup is ever needed.
/// The file is opened with libc rather than .NET because .NET takes its own shared flock on every handle.
/// </remarks>
internal sealed partial class DirectoryLock : IDisposable
{
    private const int LockExclusive = 2;   // LOCK_EX from <sys/file.h>; Tmds.LibC 0.5 has no flock binding
    private const int LockNonBlocking = 4; // LOCK_NB
    private const int LockRetries = 5;
    private static readonly TimeSpan s_lockRetryDelay = TimeSpan.FromMilliseconds(20);
    private int _fd;

    private DirectoryLock(int fd) => _fd = fd;

    /// <summary>Takes the lock or throws <see cref="JournalLockedException"/> naming the holder's pid.</summary>
    public static unsafe DirectoryLock Acquire(string lockPath)
    {
        byte[] path = PosixFileSystem.NullTerminated(lockPath);
        int fd;
        fixed (byte* p = path)
        {
            fd = LibC.open(p, LibC.O_RDWR | LibC.O_CREAT | LibC.O_CLOEXEC, 420 /* 0644 */);
        }

        if (fd < 0)
        {
            throw PosixFileSystem.PosixError("open", lockPath);
        }

        if (!TryLock(fd))
        {
            int errno = Marshal.GetLastPInvokeError();
            string holder = ReadHolder(fd);
            _ = LibC.close(fd);
            if (errno == LibC.EWOULDBLOCK || errno == LibC.EAGAIN)
            {
                throw new JournalLockedException(lockPath, holder);
            }

            throw new System.IO.IOException($"flock on {lockPath} failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})", errno);
        }

        byte[] pid = Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        _ = LibC.ftruncate(fd, 0);
        fixed (byte* p = pid)
        {
            _ = LibC.pwrite(fd, p, pid.Length, 0);
        }

        return new DirectoryLock(fd);
    }

    // A child forked by the holder keeps the descriptor, and with it the flock, until it execs (O_CLOEXEC closes it
    // only then): for that instant after the holder closed the journal the lock still reads as taken. The daemon forks
    // iptables, a test process its writers; a few short retries tell that instant from a real holder.
    private static bool TryLock(int fd)
    {
        for (int attempt = 0; ; attempt++)
        {
            if (flock(fd, LockExclusive | LockNonBlocking) == 0)
            {
                return true;
            }

            int errno = Marshal.GetLastPInvokeError();
            if (attempt == LockRetries || (errno != LibC.EWOULDBLOCK && errno != LibC.EAGAIN))
            {
                Marshal.SetLastPInvokeError(errno);
                return false;
            }

            Thread.Sleep(s_lockRetryDelay);
        }
    }

    /// <summary>Releases the lock (closing the descriptor drops the flock).</summary>
    public void Dispose()
    {
        int fd = _fd;
        _fd = -1;
        if (fd >= 0)
        {
            _ = LibC.close(fd);
        }
    }

    private static unsafe string ReadHolder(int fd)
    {
        byte* buffer = stackalloc byte[32];
        long n = LibC.pread(fd, buffer, 32, 0);
        return n > 0 ? Encoding.ASCII.GetString(buffer, (int)n).Trim() : string.Empty;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int flock(int fd, int operation);
}
