using System.Buffers.Binary;
using EsCni.Plugin.Logging;
using EsCni.Plugin.Netlink.Native;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace EsCni.Plugin.Netlink;

/// <summary>Handles one reply message of a request: its type and the bytes after nlmsghdr.</summary>
internal delegate void NetlinkReplyHandler(ushort type, ReadOnlySpan<byte> body);

/// <summary>A NETLINK_ROUTE socket bound for life to the namespace of the thread that opened it.</summary>
/// <remarks>
/// Requests are strictly one at a time (send, then read until our sequence number's ack or NLMSG_DONE);
/// the plugin is single-threaded outside the namespace excursion, so no locking is needed.
/// </remarks>
internal sealed unsafe class NetlinkSocket : IDisposable
{
    // Dumps of a busy host's routes arrive in datagrams of up to a page or more; 32 KiB never truncates.
    private const int ReceiveBufferSize = 32 * 1024;

    private readonly FileDescriptorHandle _handle;
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferSize];
    private uint _sequence;

    private NetlinkSocket(FileDescriptorHandle handle)
    {
        _handle = handle;
        _sequence = (uint)Environment.TickCount;
    }

    /// <summary>Opens and binds a socket in the calling thread's current network namespace.</summary>
    public static NetlinkSocket Open()
    {
        int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, netlink.NETLINK_ROUTE);
        if (fd < 0)
        {
            throw new NetlinkException("socket(AF_NETLINK, NETLINK_ROUTE)", errno, null);
        }

        var handle = new FileDescriptorHandle(fd);
        try
        {
            // Ext-ack gives the kernel's reason text; cap-ack keeps error acks from echoing the request.
            // Both are best effort: old kernels reject them and we still work, only with terser errors.
            SetOption(fd, netlink.NETLINK_EXT_ACK);
            SetOption(fd, netlink.NETLINK_CAP_ACK);

            sockaddr_nl address = new() { nl_family = (ushort)AF_NETLINK };
            if (bind(fd, (sockaddr*)&address, (socklen_t)sizeof(sockaddr_nl)) != 0)
            {
                throw new NetlinkException("bind(AF_NETLINK)", errno, null);
            }

            return new NetlinkSocket(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Sends a request that changes state and waits for its ack; throws on a negative ack.</summary>
    public void Execute(NetlinkMessageBuilder request, string operation)
    {
        Request(request, operation, static (_, _) => { });
    }

    /// <summary>Like <see cref="Execute"/>, but reports success instead of throwing for "already gone".</summary>
    public bool ExecuteDelete(NetlinkMessageBuilder request, string operation) =>
        Request(request, operation, static (_, _) => { }, Errnos.IsAlreadyGone) == 0;

    /// <summary>Sends a request and passes every reply message to <paramref name="onReply"/>.</summary>
    /// <remarks>Ends at our ack (NLMSG_ERROR with error 0) or, for dumps, at NLMSG_DONE.</remarks>
    public void Request(NetlinkMessageBuilder request, string operation, NetlinkReplyHandler onReply) =>
        Request(request, operation, onReply, static _ => false);

    /// <summary>
    /// Like <see cref="Request(NetlinkMessageBuilder, string, NetlinkReplyHandler)"/>, but a negative ack whose errno
    /// <paramref name="expected"/> accepts is returned instead of thrown; 0 when the kernel acked.
    /// </summary>
    /// <remarks>
    /// For answers that are part of the normal path — "no such link" before ADD creates it, "already gone" in DEL:
    /// a thrown and caught exception costs a NativeAOT process ~0.05 ms each, on every call.
    /// </remarks>
    public int Request(NetlinkMessageBuilder request, string operation, NetlinkReplyHandler onReply, Func<int, bool> expected)
    {
        int errno = RequestAndWait(request, operation, onReply, expected);
        if (PhaseTrace.Enabled)
        {
            PhaseTrace.Mark("netlink: " + operation);
        }

        return errno;
    }

    private int RequestAndWait(NetlinkMessageBuilder request, string operation, NetlinkReplyHandler onReply, Func<int, bool> expected)
    {
        uint sequence = ++_sequence;
        bool isDump = (request.Flags & netlink.NLM_F_DUMP) == netlink.NLM_F_DUMP;
        Send(request.Finish(sequence), operation);

        bool dumpInterrupted = false;
        while (true)
        {
            ReadOnlySpan<byte> datagram = Receive(operation);
            while (datagram.Length >= netlink.NLMSG_HDRLEN)
            {
                nlmsghdr header = MemoryMarshal.Read<nlmsghdr>(datagram);
                if (header.nlmsg_len < netlink.NLMSG_HDRLEN || header.nlmsg_len > datagram.Length)
                {
                    throw new NetlinkException(operation, Errnos.EINVAL, $"malformed reply of {header.nlmsg_len} bytes");
                }

                ReadOnlySpan<byte> body = datagram[netlink.NLMSG_HDRLEN..(int)header.nlmsg_len];
                datagram = datagram[Math.Min(netlink.NLMSG_ALIGN((int)header.nlmsg_len), datagram.Length)..];

                // Another request's late answer (there should be none: one request in flight) is skipped.
                if (header.nlmsg_seq != sequence)
                {
                    continue;
                }

                dumpInterrupted |= (header.nlmsg_flags & netlink.NLM_F_DUMP_INTR) != 0;
                switch (header.nlmsg_type)
                {
                    case netlink.NLMSG_DONE:
                        if (dumpInterrupted)
                        {
                            // The table changed mid-dump; callers retry with a fresh dump on EAGAIN.
                            throw new NetlinkException(operation, Errnos.EAGAIN, "dump interrupted by a concurrent change");
                        }

                        return 0;
                    case netlink.NLMSG_ERROR:
                        int error = BinaryPrimitives.ReadInt32LittleEndian(body);
                        if (error == 0)
                        {
                            if (!isDump)
                            {
                                return 0;
                            }

                            continue;
                        }

                        if (expected(-error))
                        {
                            return -error;
                        }

                        throw new NetlinkException(operation, -error, ExtendedAckMessage(header, body));
                    case netlink.NLMSG_NOOP:
                        continue;
                    default:
                        onReply(header.nlmsg_type, body);
                        break;
                }
            }
        }
    }

    public void Dispose() => _handle.Dispose();

    private static void SetOption(int fd, int option)
    {
        int one = 1;
        _ = setsockopt(fd, netlink.SOL_NETLINK, option, &one, (socklen_t)sizeof(int));
    }

    // The ext-ack TLVs follow the error code and the echoed request (only its header when capped).
    private static string? ExtendedAckMessage(nlmsghdr header, ReadOnlySpan<byte> body)
    {
        if ((header.nlmsg_flags & netlink.NLM_F_ACK_TLVS) == 0 || body.Length < 4 + netlink.NLMSG_HDRLEN)
        {
            return null;
        }

        int echoed = (header.nlmsg_flags & netlink.NLM_F_CAPPED) != 0
            ? netlink.NLMSG_HDRLEN
            : (int)BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
        int tlvStart = 4 + netlink.NLMSG_ALIGN(echoed);
        if (tlvStart >= body.Length)
        {
            return null;
        }

        var attributes = new NetlinkAttributes(body[tlvStart..]);
        while (attributes.MoveNext())
        {
            if (attributes.Type == netlink.NLMSGERR_ATTR_MSG)
            {
                return NetlinkAttributes.ReadString(attributes.Payload);
            }
        }

        return null;
    }

    private void Send(ReadOnlySpan<byte> message, string operation)
    {
        fixed (byte* data = message)
        {
            while (true)
            {
                long sent = send(_handle.Fd, data, (size_t)message.Length, 0);
                if (sent >= 0)
                {
                    return;
                }

                int error = errno;
                if (error != Errnos.EINTR)
                {
                    throw new NetlinkException(operation + " (send)", error, null);
                }
            }
        }
    }

    private ReadOnlySpan<byte> Receive(string operation)
    {
        fixed (byte* data = _receiveBuffer)
        {
            while (true)
            {
                // MSG_TRUNC makes recv report the datagram's real size, so truncation is detected, not silent.
                long received = recv(_handle.Fd, data, (size_t)_receiveBuffer.Length, MSG_TRUNC);
                if (received >= 0)
                {
                    if (received > _receiveBuffer.Length)
                    {
                        throw new NetlinkException(operation, Errnos.ENOBUFS,
                            $"reply of {received} bytes exceeds the {_receiveBuffer.Length}-byte receive buffer");
                    }

                    return _receiveBuffer.AsSpan(0, (int)received);
                }

                int error = errno;
                if (error != Errnos.EINTR)
                {
                    throw new NetlinkException(operation + " (recv)", error, null);
                }
            }
        }
    }
}
