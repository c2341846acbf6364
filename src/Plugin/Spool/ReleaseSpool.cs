using System.Text;
using System.Text.Json;
using static Tmds.Linux.LibC;

namespace EsCni.Plugin.Spool;

/// <summary>Makes a DEL's release durable on the node when escni-ipamd cannot take it: one file per key, fsynced.</summary>
/// <remarks>
/// The entry must survive a node crash right after DEL returns success (the runtime never repeats a successful DEL),
/// so each step is made durable before the next: write a temp file → fsync it → rename over the key's name → fsync the
/// directory (a rename is durable only once its directory is). A reader never sees a half-written entry: it either
/// finds the old name, the new complete file, or a <c>.tmp</c> it ignores.
/// </remarks>
internal static class ReleaseSpool
{
    /// <summary>Writes <paramref name="entry"/> into <paramref name="directory"/> (created 0700 when missing); returns the path.</summary>
    /// <exception cref="IOException">A write, fsync or rename failed; the message names the path.</exception>
    public static string Write(string directory, DeferredRelease entry)
    {
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        string name = SpoolFileName.For(entry.NetworkName, entry.ContainerId, entry.IfName);
        string path = Path.Combine(directory, name);
        string temp = $"{path}.{Environment.ProcessId}.tmp";
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(entry, CniJsonContext.Default.DeferredRelease);
        try
        {
            // Step 1+2: the content, durable under a name no reader takes for an entry.
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1))
            {
                file.Write(json);
                file.Flush(flushToDisk: true);
            }

            // Step 3: atomically becomes the key's entry (a second DEL of the same key replaces the first).
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        // Step 4: the rename itself survives a crash.
        SyncDirectory(directory);
        return path;
    }

    private static unsafe void SyncDirectory(string directory)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(directory + "\0");
        int fd;
        fixed (byte* p = bytes)
        {
            do
            {
                fd = open(p, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
            }
            while (fd < 0 && errno == Errnos.EINTR);
        }

        if (fd < 0)
        {
            throw new IOException($"open({directory}, O_DIRECTORY) to fsync the spool directory failed: {Errnos.Name(errno)}");
        }

        using var handle = new FileDescriptorHandle(fd);
        if (fsync(handle.Fd) != 0)
        {
            throw new IOException($"fsync({directory}) failed: {Errnos.Name(errno)}; the spooled release may not survive a crash");
        }
    }
}
