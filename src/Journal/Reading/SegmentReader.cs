using System;
using EsCni.Journal.Format;
using EsCni.Journal.Storage;

namespace EsCni.Journal.Reading;

/// <summary>Reads the event frames of one segment sequentially in large chunks, verifying each frame's CRC.</summary>
/// <remarks>
/// Big sequential reads (4 MiB) and hardware CRC keep a full replay bound by memory bandwidth; with
/// <c>reuseBuffer</c> nothing is allocated per record, otherwise each chunk is a fresh array so payloads handed
/// out stay valid after the reader moves on.
/// </remarks>
internal sealed class SegmentReader : IDisposable
{
    /// <summary>Bytes per read with a reused buffer; larger than the biggest frame, so a frame always fits after a refill.</summary>
    public const int ChunkBytes = 4 << 20;

    /// <summary>
    /// Bytes per read when every chunk is a fresh array: below the 85,000-byte large-object threshold, so the
    /// arrays die young in gen0 instead of forcing gen2 collections (measured: 4 MiB chunks made ReadAsync 6× slower).
    /// </summary>
    public const int SmallChunkBytes = 80 * 1024;

    private readonly IJournalFile _file;
    private readonly string _path;
    private readonly uint _salt;
    private readonly long _end;
    private readonly bool _reuseBuffer;
    private byte[] _buffer;
    private long _bufferStart; // file offset of _buffer[0]
    private int _bufferLength;
    private long _position;    // file offset of the next frame

    /// <summary>Opens <paramref name="path"/> to read frames in [64, <paramref name="end"/>).</summary>
    public SegmentReader(IJournalFileSystem fs, string path, uint salt, long end, bool reuseBuffer)
    {
        _file = fs.Open(path, writable: false);
        _path = path;
        _salt = salt;
        _end = end;
        _reuseBuffer = reuseBuffer;
        _buffer = [];
        _position = SegmentHeader.Bytes;
    }

    /// <summary>Moves to the next event frame (Seal frames are skipped); false at the end of the readable range.</summary>
    public bool TryNext(out FrameHeader header, out ReadOnlyMemory<byte> payload)
    {
        while (_position + FrameCodec.HeaderBytes <= _end)
        {
            if (!Ensure(FrameCodec.HeaderBytes))
            {
                break;
            }

            int at = (int)(_position - _bufferStart);
            int frameBytes = FrameCodec.FrameBytes((int)Math.Min(BitConverter.ToUInt32(_buffer, at), (uint)FrameCodec.MaxPayloadBytes));
            if (!Ensure(Math.Min(frameBytes, (int)(_end - _position))))
            {
                break;
            }

            at = (int)(_position - _bufferStart);
            ReadOnlySpan<byte> rest = _buffer.AsSpan(at, (int)Math.Min(_bufferLength - at, _end - _position));
            if (FrameCodec.TryDecode(rest, _salt, out header) != FrameStatus.Valid)
            {
                // The range was verified when it became durable or when the directory was scanned; failing
                // now means the file changed underneath us (disk error, someone editing it).
                throw new JournalCorruptException(new CorruptionFinding(_path, _position, -1,
                    "a frame that verified earlier no longer does (the file changed after it was scanned)"));
            }

            payload = new ReadOnlyMemory<byte>(_buffer, at + FrameCodec.HeaderBytes, header.PayloadLength);
            _position += header.FrameBytes;
            if (!header.IsControl)
            {
                return true;
            }
        }

        header = default;
        payload = default;
        return false;
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _file.Dispose();

    private bool Ensure(int bytes)
    {
        if (_position + bytes <= _bufferStart + _bufferLength)
        {
            return true;
        }

        if (!_reuseBuffer || _buffer.Length == 0)
        {
            int chunk = _reuseBuffer ? ChunkBytes : Math.Max(SmallChunkBytes, bytes);
            _buffer = GC.AllocateUninitializedArray<byte>((int)Math.Min(chunk, Math.Max(_end - _position, bytes)));
        }

        int want = (int)Math.Min(_buffer.Length, _end - _position);
        _bufferStart = _position;
        _bufferLength = _file.Read(_position, _buffer.AsSpan(0, want));
        return _bufferLength >= bytes;
    }
}
