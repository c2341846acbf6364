using System.Diagnostics;

namespace EsCni.Plugin.Daemon;

/// <summary>Reads HTTP/2 frames (RFC 9113 §4.1) off a blocking socket, giving up at the call's deadline.</summary>
/// <remarks>Each receive waits at most what is left of the deadline (<see cref="UnixStream.Receive"/>), so a silent
/// daemon ends in ETIMEDOUT, which <see cref="UnaryGrpcCall"/> reports as DeadlineExceeded.</remarks>
internal sealed class FrameReader(UnixStream socket, long deadline)
{
    // The plugin never raises SETTINGS_MAX_FRAME_SIZE, so no frame is larger than the default 16 KiB.
    private const int MaxFrameSize = 16384;

    private readonly byte[] _buffer = new byte[9 + MaxFrameSize];
    private int _start;
    private int _end;

    /// <summary>True once the call's deadline has passed: whatever ends the call then is its deadline.</summary>
    public bool PastDeadline => Stopwatch.GetTimestamp() >= deadline;

    public (byte Type, byte Flags, int Stream, byte[] Payload) Next()
    {
        Fill(9);
        ReadOnlySpan<byte> header = _buffer.AsSpan(_start, 9);
        int length = (header[0] << 16) | (header[1] << 8) | header[2];
        if (length > MaxFrameSize)
        {
            throw new InvalidDataException($"frame of {length} bytes exceeds the 16 KiB maximum");
        }

        byte type = header[3], flags = header[4];
        int stream = ((header[5] & 0x7F) << 24) | (header[6] << 16) | (header[7] << 8) | header[8];
        Fill(9 + length);
        byte[] payload = _buffer.AsSpan(_start + 9, length).ToArray();
        _start += 9 + length;
        return (type, flags, stream, payload);
    }

    private void Fill(int count)
    {
        if (_end - _start >= count)
        {
            return;
        }

        // Compact, then receive until the frame is whole.
        Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
        _end -= _start;
        _start = 0;
        while (_end < count)
        {
            int received = socket.Receive(_buffer.AsSpan(_end), deadline);
            if (received == 0)
            {
                throw new EndOfStreamException();
            }

            _end += received;
        }
    }
}
