using System.Text;
using Tmds.Linux;

namespace EsCni.Ipamd.Spool;

/// <summary>fsync of the spool directory, which makes a deletion or rename of an entry survive a crash.</summary>
/// <remarks>
/// An applied entry whose deletion a crash undid would be applied again after the key's next ADD; the ADD waits for
/// this fsync, so that cannot happen. .NET has no API for a directory fsync, hence open(O_DIRECTORY) + fsync.
/// </remarks>
internal static class SpoolDirectorySync
{
    /// <exception cref="IOException">open or fsync failed; the message names the directory and errno.</exception>
    public static unsafe void Sync(string directory)
    {
        byte[] path = Encoding.UTF8.GetBytes(directory + "\0");
        int fd;
        fixed (byte* p = path)
        {
            fd = LibC.open(p, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
        }

        if (fd < 0)
        {
            throw new IOException($"open({directory}, O_DIRECTORY) failed with errno {LibC.errno}");
        }

        try
        {
            if (LibC.fsync(fd) != 0)
            {
                throw new IOException($"fsync({directory}) failed with errno {LibC.errno}; the spool's deletions may not survive a crash");
            }
        }
        finally
        {
            _ = LibC.close(fd);
        }
    }
}
