using System.Diagnostics;
using System.Text;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace EsCni.Plugin.Daemon;

/// <summary>A connected AF_UNIX stream socket on a raw descriptor: all <see cref="UnaryGrpcCall"/> needs of a socket.</summary>
/// <remarks>
/// Why not System.Net.Sockets.Socket: creating the first one cost ~0.25 ms of every ADD and DEL (its static
/// set-up), and it was the plugin's only use of that assembly, whose code NativeAOT kept in the binary. Blocking calls
/// on the caller's thread, as the netlink sockets do; a receive waits at most until the call's deadline (poll).
/// </remarks>
internal sealed unsafe class UnixStream : IDisposable
{
    private readonly FileDescriptorHandle _handle;

    private UnixStream(FileDescriptorHandle handle)
    {
        _handle = handle;
    }

    /// <exception cref="UnixStreamException">No socket at <paramref name="path"/>, nobody listening, or the path is too long.</exception>
    public static UnixStream Connect(string path)
    {
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new UnixStreamException("socket(AF_UNIX)", errno);
        }

        var handle = new FileDescriptorHandle(fd);
        try
        {
            sockaddr_un address = default;
            address.sun_family = AF_UNIX;
            byte[] name = Encoding.UTF8.GetBytes(path);
            if (name.Length >= 108)
            {
                throw new UnixStreamException($"connect({path}): the path is {name.Length} bytes, over the 107 a unix socket address holds", 0);
            }

            for (int i = 0; i < name.Length; i++)
            {
                address.sun_path[i] = name[i];
            }

            if (connect(fd, (sockaddr*)&address, (socklen_t)sizeof(sockaddr_un)) != 0)
            {
                throw new UnixStreamException($"connect({path})", errno);
            }

            return new UnixStream(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Writes all of <paramref name="data"/> (MSG_NOSIGNAL: a closed peer is an error, not SIGPIPE).</summary>
    public void Send(ReadOnlySpan<byte> data)
    {
        fixed (byte* start = data)
        {
            for (int sent = 0; sent < data.Length;)
            {
                long n = send(_handle.Fd, start + sent, (size_t)(data.Length - sent), MSG_NOSIGNAL);
                if (n < 0)
                {
                    int error = errno;
                    if (error == EINTR)
                    {
                        continue;
                    }

                    throw new UnixStreamException("send", error);
                }

                sent += (int)n;
            }
        }
    }

    /// <summary>Reads what has arrived into <paramref name="buffer"/>, waiting until <paramref name="deadline"/> (a Stopwatch timestamp).</summary>
    /// <returns>The bytes read; 0 when the peer closed the connection.</returns>
    /// <exception cref="UnixStreamException">ETIMEDOUT at the deadline, or the receive failed.</exception>
    public int Receive(Span<byte> buffer, long deadline)
    {
        while (true)
        {
            long left = deadline - Stopwatch.GetTimestamp();
            if (left <= 0)
            {
                throw new UnixStreamException("receive", ETIMEDOUT);
            }

            pollfd wait = new() { fd = _handle.Fd, events = POLLIN };
            int ready = poll(&wait, 1, (int)Math.Max(1, Math.Min(int.MaxValue, left * 1000 / Stopwatch.Frequency)));
            if (ready == 0 || (ready < 0 && errno == EINTR))
            {
                continue; // the loop's deadline check decides
            }

            if (ready < 0)
            {
                throw new UnixStreamException("poll", errno);
            }

            fixed (byte* start = buffer)
            {
                long n = recv(_handle.Fd, start, (size_t)buffer.Length, 0);
                if (n >= 0)
                {
                    return (int)n;
                }

                int error = errno;
                if (error != EINTR && error != EAGAIN)
                {
                    throw new UnixStreamException("recv", error);
                }
            }
        }
    }

    public void Dispose() => _handle.Dispose();
}
