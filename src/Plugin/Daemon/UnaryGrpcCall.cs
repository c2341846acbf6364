using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Grpc.Core;

namespace EsCni.Plugin.Daemon;

/// <summary>
/// One unary gRPC call on a fresh HTTP/2 connection over escni-ipamd's unix socket, written directly on the socket.
/// </summary>
/// <remarks>
/// Why not Grpc.Net.Client: the plugin is a process that makes one call and exits, and creating the HttpClient/HTTP/2
/// channel machinery cost more than the rest of an ADD (issue 19, docs/benchmarks.md "Plugin"). On the wire this is
/// still gRPC over HTTP/2 with prior knowledge, as the daemon's Kestrel expects: preface, SETTINGS, one HEADERS and
/// one DATA frame (sent in one write), then the reply's headers, message and trailers. Failures surface as the
/// <see cref="RpcException"/> Grpc.Net.Client would raise (status, detail, trailers), so <see cref="DaemonClient"/>'s
/// mapping to CNI errors is unchanged: no socket / refused / reset → Unavailable, past the deadline →
/// DeadlineExceeded (the deadline is also sent as grpc-timeout, so the daemon gives up too).
/// </remarks>
internal static partial class UnaryGrpcCall
{
    private const byte Data = 0, Headers = 1, RstStream = 3, Settings = 4, Ping = 6, GoAway = 7, Continuation = 9;
    private const byte EndStream = 0x1, Ack = 0x1, EndHeaders = 0x4, Padded = 0x8, Priority = 0x20;
    private const int StreamId = 1;
    private const int MaxFrameBytes = 16_384; // RFC 9113 §6.5.2: SETTINGS_MAX_FRAME_SIZE's initial value
    private const int MaxRequestBytes = 65_535; // §6.9.2: the initial flow-control window

    private static ReadOnlySpan<byte> Preface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    public static TReply Invoke<TReply>(string socketPath, string method, IMessage request, MessageParser<TReply> parser, TimeSpan timeout)
        where TReply : IMessage<TReply>
    {
        using Pending call = Start(socketPath, method, request, timeout);
        return call.Finish(parser);
    }

    /// <summary>
    /// Connects and sends the request without waiting for the reply, so the caller can work while the daemon does
    /// (ADD creates the veth pair meanwhile); <see cref="Pending.Finish"/> reads the reply.
    /// </summary>
    public static Pending Start(string socketPath, string method, IMessage request, TimeSpan timeout)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        UnixStream socket = Translated(socketPath, () => UnixStream.Connect(socketPath));
        try
        {
            Translated(socketPath, () =>
            {
                socket.Send(RequestBytes(method, request, timeout));
                return true;
            });
            return new Pending(socket, socketPath, deadline);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Runs one step of the call, turning transport failures into the <see cref="RpcException"/> Grpc.Net.Client would raise.</summary>
    private static T Translated<T>(string socketPath, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (UnixStreamException e) when (e.IsTimeout)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"));
        }
        catch (UnixStreamException e)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"Error connecting to {socketPath}: {e.Message}"));
        }
        catch (EndOfStreamException)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "escni-ipamd closed the connection before answering"));
        }
        catch (InvalidDataException e)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"malformed HTTP/2 reply from escni-ipamd: {e.Message}"));
        }
    }

    private static byte[] RequestBytes(string method, IMessage request, TimeSpan timeout)
    {
        var block = new List<byte>(128) { 0x83, 0x86 }; // :method POST, :scheme http (static table 3 and 6)
        AddLiteral(block, 4, null, $"/escni.v1.CniBackend/{method}"); // :path
        AddLiteral(block, 1, null, "localhost"); // :authority
        AddLiteral(block, 31, null, "application/grpc"); // content-type
        AddLiteral(block, 0, "te", "trailers");
        AddLiteral(block, 0, "grpc-timeout", $"{Math.Max(1, (long)Math.Ceiling(timeout.TotalMilliseconds))}m");

        // The gRPC message (flag byte, length, protobuf) goes in DATA frames of at most the peer's default
        // SETTINGS_MAX_FRAME_SIZE; all of it must fit the default flow-control window, as nothing waits for a
        // WINDOW_UPDATE (a CNI GC listing ~600 attachments would be the first to exceed it).
        int size = request.CalculateSize();
        int body = 5 + size;
        if (body > MaxRequestBytes)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"the {method} request is {body} bytes; the plugin sends at most {MaxRequestBytes} (one HTTP/2 flow-control window)"));
        }

        int frames = Math.Max(1, (body + MaxFrameBytes - 1) / MaxFrameBytes);
        byte[] bytes = new byte[Preface.Length + 9 + 9 + block.Count + (9 * frames) + body];
        Span<byte> span = bytes;
        Preface.CopyTo(span);
        int at = Preface.Length;
        at += FrameHeader(span[at..], 0, Settings, 0, 0);
        at += FrameHeader(span[at..], block.Count, Headers, EndHeaders, StreamId);
        block.ToArray().CopyTo(span[at..]);
        at += block.Count;

        byte[] message = new byte[body]; // not compressed (flag 0), then the length
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(1), size);
        request.WriteTo(message.AsSpan(5));
        for (int sent = 0; sent < body;)
        {
            int chunk = Math.Min(MaxFrameBytes, body - sent);
            at += FrameHeader(span[at..], chunk, Data, sent + chunk == body ? EndStream : (byte)0, StreamId);
            message.AsSpan(sent, chunk).CopyTo(span[at..]);
            at += chunk;
            sent += chunk;
        }

        return bytes;
    }

    // Literal header field without indexing (RFC 7541 §6.2.2): a static-table name index or a new name, raw strings.
    private static void AddLiteral(List<byte> block, int nameIndex, string? name, string value)
    {
        AddInteger(block, 0x00, 4, nameIndex);
        if (name is not null)
        {
            AddString(block, name);
        }

        AddString(block, value);
    }

    private static void AddString(List<byte> block, string text)
    {
        AddInteger(block, 0x00, 7, text.Length);
        block.AddRange(Encoding.ASCII.GetBytes(text));
    }

    private static void AddInteger(List<byte> block, byte pattern, int prefix, int value)
    {
        int mask = (1 << prefix) - 1;
        if (value < mask)
        {
            block.Add((byte)(pattern | value));
            return;
        }

        block.Add((byte)(pattern | mask));
        for (value -= mask; value >= 0x80; value >>= 7)
        {
            block.Add((byte)((value & 0x7F) | 0x80));
        }

        block.Add((byte)value);
    }

    private static int FrameHeader(Span<byte> span, int length, byte type, byte flags, int stream)
    {
        span[0] = (byte)(length >> 16);
        span[1] = (byte)(length >> 8);
        span[2] = (byte)length;
        span[3] = type;
        span[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(span[5..], stream);
        return 9;
    }

    /// <summary>Reads frames until stream 1 ends; returns the last header block (the trailers) and the DATA bytes.</summary>
    private static (List<(string, string)> Trailers, byte[] Message) ReadReply(FrameReader reader, UnixStream socket)
    {
        var decoder = new HpackDecoder();
        var message = new List<byte>();
        var block = new List<byte>();
        List<(string, string)>? headers = null;
        bool endStream = false;
        while (true)
        {
            (byte type, byte flags, int stream, byte[] payload) = reader.Next();
            switch (type)
            {
                case Settings when (flags & Ack) == 0:
                    socket.Send(AckFrame(Settings, []));
                    continue;
                case Ping when (flags & Ack) == 0:
                    socket.Send(AckFrame(Ping, payload));
                    continue;
                case GoAway:
                    throw new RpcException(new Status(StatusCode.Unavailable, $"escni-ipamd closed the connection (GOAWAY {ErrorCode(payload, 4)})"));
                case RstStream when stream == StreamId && reader.PastDeadline:
                    // The daemon gave up at the grpc-timeout while this process was not scheduled to notice its own.
                    throw new RpcException(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"));
                case RstStream when stream == StreamId:
                    uint code = ErrorCode(payload, 0);
                    throw new RpcException(new Status(
                        code == 7 ? StatusCode.Unavailable : code == 8 ? StatusCode.Cancelled : StatusCode.Internal,
                        $"escni-ipamd reset the stream (HTTP/2 error {code})"));
                case Data when stream == StreamId:
                    message.AddRange(Unpadded(payload, flags, 0));
                    break;
                case Headers when stream == StreamId:
                    endStream = (flags & EndStream) != 0;
                    block.AddRange(Unpadded(payload, flags, (flags & Priority) != 0 ? 5 : 0));
                    break;
                case Continuation when stream == StreamId:
                    block.AddRange(payload);
                    break;
                default:
                    continue; // WINDOW_UPDATE, PRIORITY, acks, other streams
            }

            if (type is Headers or Continuation && (flags & EndHeaders) != 0)
            {
                headers = decoder.Decode(block.ToArray());
                block.Clear();
                RequireHttpOk(headers);
            }

            if ((type == Data && (flags & EndStream) != 0) || (endStream && (flags & EndHeaders) != 0))
            {
                return (headers ?? [], message.ToArray());
            }
        }
    }

    private static ReadOnlySpan<byte> Unpadded(byte[] payload, byte flags, int skip)
    {
        if ((flags & Padded) == 0)
        {
            return payload.AsSpan(skip);
        }

        int padding = payload.Length > 0 ? payload[0] : throw new InvalidDataException("padded frame without a pad length");
        return payload.Length - 1 - skip - padding >= 0
            ? payload.AsSpan(1 + skip, payload.Length - 1 - skip - padding)
            : throw new InvalidDataException("padding longer than its frame");
    }

    private static uint ErrorCode(byte[] payload, int at) =>
        payload.Length >= at + 4 ? BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(at)) : 0;

    private static byte[] AckFrame(byte type, byte[] payload)
    {
        byte[] frame = new byte[9 + payload.Length];
        FrameHeader(frame, payload.Length, type, Ack, 0);
        payload.CopyTo(frame, 9);
        return frame;
    }

    // gRPC over HTTP/2 (doc/http-grpc-status-mapping.md): a non-200 :status without grpc-status maps to a code.
    private static void RequireHttpOk(List<(string Name, string Value)> headers)
    {
        string? status = Find(headers, ":status");
        if (status is null or "200" || Find(headers, "grpc-status") is not null)
        {
            return;
        }

        StatusCode code = status switch
        {
            "400" => StatusCode.Internal,
            "401" => StatusCode.Unauthenticated,
            "403" => StatusCode.PermissionDenied,
            "404" => StatusCode.Unimplemented,
            "429" or "502" or "503" or "504" => StatusCode.Unavailable,
            _ => StatusCode.Unknown,
        };
        throw new RpcException(new Status(code, $"escni-ipamd answered HTTP status {status}"));
    }

    private static TReply Decode<TReply>(List<(string Name, string Value)> trailers, byte[] message, MessageParser<TReply> parser)
        where TReply : IMessage<TReply>
    {
        string? status = Find(trailers, "grpc-status");
        if (status is null || !int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out int code))
        {
            throw new RpcException(new Status(StatusCode.Internal, "escni-ipamd's reply has no grpc-status"));
        }

        if (code != 0)
        {
            var metadata = new Metadata();
            foreach ((string name, string value) in trailers)
            {
                if (!name.StartsWith(':') && !name.StartsWith("grpc-", StringComparison.Ordinal) && !name.EndsWith("-bin", StringComparison.Ordinal))
                {
                    metadata.Add(name, value);
                }
            }

            throw new RpcException(new Status((StatusCode)code, Uri.UnescapeDataString(Find(trailers, "grpc-message") ?? "")), metadata);
        }

        if (message.Length < 5 || message[0] != 0 || BinaryPrimitives.ReadInt32BigEndian(message.AsSpan(1)) != message.Length - 5)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"escni-ipamd's reply is not one uncompressed gRPC message ({message.Length} bytes)"));
        }

        return parser.ParseFrom(message.AsSpan(5));
    }

    private static string? Find(List<(string Name, string Value)> headers, string name)
    {
        foreach ((string key, string value) in headers)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }
}
