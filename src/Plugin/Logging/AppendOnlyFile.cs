using System.Text;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace EsCni.Plugin.Logging;

/// <summary>A file opened with O_APPEND, written one whole line per write(2), so concurrent plugins never mix lines.</summary>
/// <remarks>
/// With O_APPEND the kernel moves to the end of the file and writes in one step, so two processes appending at once
/// cannot land on the same offset, and a regular file takes a write of one log line whole. FileStream with
/// FileMode.Append is not that: it seeks to the end once, at open, and then writes at its own offset, so plugins
/// started together wrote over each other's lines; and a buffered writer may split a line into several writes.
/// </remarks>
internal sealed unsafe class AppendOnlyFile : IDisposable
{
    // rw-r--r--, as a log file created by hand would be; the directory decides who can reach it.
    private const int CreateMode = 0b110_100_100;

    private readonly FileDescriptorHandle _handle;

    private AppendOnlyFile(FileDescriptorHandle handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Opens (creating if missing) <paramref name="path"/> for appending.</summary>
    /// <exception cref="IOException">open(2) failed; the message names the path and errno.</exception>
    public static AppendOnlyFile Open(string path)
    {
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            // open(2) would stop at the NUL and append to some other file.
            throw new IOException($"log file path '{path.Replace("\0", "\\0", StringComparison.Ordinal)}' contains a NUL byte; give a plain path");
        }

        byte[] bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* pathBytes = bytes)
        {
            while (true)
            {
                int fd = open(pathBytes, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, CreateMode);
                if (fd >= 0)
                {
                    return new AppendOnlyFile(new FileDescriptorHandle(fd), path);
                }

                int error = errno;
                if (error != Errnos.EINTR)
                {
                    throw new IOException($"open({path}, O_WRONLY|O_APPEND|O_CREAT) failed: {Errnos.Name(error)}");
                }
            }
        }
    }

    /// <summary>Appends <paramref name="line"/> (ending in '\n') with one write(2).</summary>
    /// <exception cref="IOException">write(2) failed; the message names the path and errno.</exception>
    public void Append(ReadOnlySpan<byte> line)
    {
        fixed (byte* data = line)
        {
            int done = 0;
            while (done < line.Length)
            {
                long written = write(_handle.Fd, data + done, (size_t)(line.Length - done));
                if (written >= 0)
                {
                    // A short write happens only on a full disk or a file size limit; the rest goes in a second
                    // write then, which another process may precede: nothing better is possible at that point.
                    done += (int)written;
                    continue;
                }

                int error = errno;
                if (error != Errnos.EINTR)
                {
                    throw new IOException($"write({Path}) failed: {Errnos.Name(error)}");
                }
            }
        }
    }

    public void Dispose() => _handle.Dispose();
}
