using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace EsCni.Journal.Reading;

/// <summary>Reads the event frames of one segment sequentially in large chunks, verifying each batch before handing out any of it.</summary>
/// <remarks>
/// Big sequential reads (4 MiB) and hardware CRC keep a full replay bound by memory bandwidth; with
/// <c>reuseBuffer</c> nothing is allocated per record, otherwise each chunk is a fresh array so payloads handed
/// out stay valid after the reader moves on. Frames are verified a batch at a time, up to and including its
/// Commit frame (length, salt, CRC, consecutive LSNs, a Seal only after a Commit), and the batch is kept in the
/// buffer, so a reader never hands out a frame of a batch whose Commit frame does not verify: what it returns
/// before a failure is exactly the intact prefix a full scan finds.
/// </remarks>
internal sealed class SegmentReader : IDisposable
{
    /// <summary>Bytes per read with a reused buffer; larger than the biggest batch, so a batch always fits after a refill.</summary>
    public const int ChunkBytes = 4 << 20;

    /// <summary>
    /// Bytes per read when every chunk is a fresh array: below the 85,000-byte large-object threshold, so the
    /// arrays die young in gen0 instead of forcing gen2 collections (measured: 4 MiB chunks made ReadAsync 6× slower).
    /// A batch larger than this gets a chunk of its own size.
    /// </summary>
    public const int SmallChunkBytes = 80 * 1024;

    private readonly IJournalFileSystem _fs;
    private readonly IJournalFile _file;
    private readonly SegmentRange _range;
    private readonly bool _reuseBuffer;
    private byte[] _buffer;
    private long _bufferStart;  // file offset of _buffer[0]
    private int _bufferLength;
    private long _position;     // file offset of the next frame
    private long _verifiedEnd;  // frames in [_position, _verifiedEnd) verified and in the buffer
    private long _expectedLsn;  // LSN of the next event frame to verify

    /// <summary>Opens the segment of <paramref name="range"/> to read frames in [64, EndOffset).</summary>
    public SegmentReader(IJournalFileSystem fs, in SegmentRange range, bool reuseBuffer)
    {
        _fs = fs;
        _file = fs.Open(range.Path, writable: false);
        _range = range;
        _reuseBuffer = reuseBuffer;
        _buffer = [];
        _position = SegmentHeader.Bytes;
        _verifiedEnd = SegmentHeader.Bytes;
        _expectedLsn = range.BaseLsn;
    }

    /// <summary>File offset of the frame <see cref="TryNext"/> returned last (what a segment index records).</summary>
    public long FrameOffset { get; private set; }

    /// <summary>Moves to the next event frame (Seal frames are skipped); false at the end of the readable range.</summary>
    /// <exception cref="JournalCorruptException">A frame in the range does not verify; the records before its batch were handed out.</exception>
    public bool TryNext(out FrameHeader header, out ReadOnlyMemory<byte> payload)
    {
        while (_position + FrameCodec.HeaderBytes <= _range.EndOffset)
        {
            if (_position >= _verifiedEnd)
            {
                VerifyNextBatch();
            }

            int at = (int)(_position - _bufferStart);
            header = FrameCodec.ReadHeaderUnchecked(_buffer.AsSpan(at));
            payload = new ReadOnlyMemory<byte>(_buffer, at + FrameCodec.HeaderBytes, header.PayloadLength);
            FrameOffset = _position;
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

    /// <summary>Verifies the frames from <c>_position</c> through the next Commit frame (or the Seal) and keeps them buffered.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called once per batch: tiering would leave its loop unoptimized too long
    private void VerifyNextBatch()
    {
        long p = _position;
        long expected = _expectedLsn;
        while (p + FrameCodec.HeaderBytes <= _range.EndOffset)
        {
            if (!Ensure(p + FrameCodec.HeaderBytes))
            {
                break;
            }

            uint length = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan((int)(p - _bufferStart)));
            long frameEnd = p + FrameCodec.HeaderBytes + length;
            if (length > FrameCodec.MaxPayloadBytes || frameEnd > _range.EndOffset || !Ensure(frameEnd))
            {
                break;
            }

            ReadOnlySpan<byte> bytes = _buffer.AsSpan((int)(p - _bufferStart), (int)(frameEnd - p));
            if (FrameCodec.TryDecode(bytes, _range.Salt, out FrameHeader frame) != FrameStatus.Valid)
            {
                break;
            }

            if (frame.IsControl)
            {
                // As SegmentScanner.Scan: only a Seal for the last event, with no uncommitted frame before it, ends a segment.
                if (p == _position && SegmentScanner.IsSeal(bytes, frame, expected - 1))
                {
                    _verifiedEnd = p + frame.FrameBytes;
                    return;
                }

                break;
            }

            if (frame.Lsn != expected)
            {
                break;
            }

            expected++;
            p += frame.FrameBytes;
            // A range that verified as a whole needs no batch look-ahead: one frame at a time keeps the buffer small.
            if ((frame.Flags & FrameFlags.Commit) != 0 || _range.FramesVerified)
            {
                _verifiedEnd = p;
                _expectedLsn = expected;
                return;
            }
        }

        throw new JournalCorruptException(Finding(p));
    }

    /// <summary>What to report when the batch at <c>_position</c> fails at <paramref name="offset"/>.</summary>
    private CorruptionFinding Finding(long offset)
    {
        if (!_range.FramesVerified)
        {
            // Report exactly what a full scan (JournalReader.Verify, or the daemon's recovery) reports.
            if (DirectoryScanner.VerifySealed(_fs, _range.Path, _range.BaseLsn) is { } finding)
            {
                return finding;
            }
        }

        // The range verified when it became durable or when the directory was scanned; failing now means the
        // file changed underneath us (disk error, someone editing it).
        return new CorruptionFinding(_range.Path, offset, -1,
            "a frame that verified earlier no longer does (the file changed after it was scanned)");
    }

    /// <summary>
    /// Makes the buffer hold [_position, <paramref name="to"/>); false when the file ends first. Bytes already
    /// buffered from _position on are moved, not read again, so frames verified earlier in the batch are the
    /// very bytes handed out.
    /// </summary>
    private bool Ensure(long to)
    {
        long bufferEnd = _bufferStart + _bufferLength;
        if (to <= bufferEnd)
        {
            return true;
        }

        int bytes = (int)(to - _position);
        int keep = _position >= _bufferStart && _position < bufferEnd ? (int)(bufferEnd - _position) : 0;
        byte[] target = _buffer;
        if (!_reuseBuffer || _buffer.Length < bytes)
        {
            // A batch outgrowing a buffer that starts at its first frame doubles it, so a long batch is moved O(1) times.
            int grown = _bufferStart == _position ? Math.Max(bytes, 2 * _buffer.Length) : bytes;
            int chunk = _reuseBuffer ? Math.Max(ChunkBytes, grown) : Math.Max(SmallChunkBytes, grown);
            target = GC.AllocateUninitializedArray<byte>((int)Math.Min(chunk, Math.Max(_range.EndOffset - _position, bytes)));
        }

        if (keep > 0)
        {
            _buffer.AsSpan((int)(_position - _bufferStart), keep).CopyTo(target);
        }

        int want = (int)Math.Min(target.Length, _range.EndOffset - _position);
        int read = keep >= want ? 0 : _file.Read(_position + keep, target.AsSpan(keep, want - keep));
        _buffer = target;
        _bufferStart = _position;
        _bufferLength = keep + read;
        return _bufferLength >= bytes;
    }
}
