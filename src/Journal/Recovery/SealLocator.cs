using System.Buffers.Binary;

namespace EsCni.Journal.Recovery;

/// <summary>Finds a sealed segment's Seal frame from the end of the file, without reading the frames before it.</summary>
/// <remarks>
/// Segments are zero-filled and a Seal is the last frame written, so it ends at the last non-zero byte (its
/// salt is never zero; trailing zero bytes of its payload are why several 8-aligned starts are tried). This
/// trusts only a frame whose salt and CRC verify; the frames before it are verified when they are read and
/// by a full verification (<see cref="DirectoryScanner.Verify"/>), which is what read-only opens trade for speed.
/// </remarks>
internal static class SealLocator
{
    /// <summary>Bytes read per step backwards: a sealed segment's zero tail is shorter than one write, usually far shorter.</summary>
    public const int TailBytes = 64 << 10;

    /// <summary>Bytes a Seal frame occupies: header plus its two-i64 payload, already 8-aligned.</summary>
    private static readonly int s_sealBytes = FrameCodec.FrameBytes(ControlType.SealPayloadBytes);

    /// <summary>Reads the tail of <paramref name="file"/>; true with the Seal's end offset and last LSN when one verifies.</summary>
    public static bool TryLocate(IJournalFile file, in SegmentHeader header, byte[] buffer, out long end, out long lastLsn)
    {
        end = 0;
        lastLsn = 0;
        long to = file.Length;
        while (to > SegmentHeader.Bytes)
        {
            long from = Math.Max(SegmentHeader.Bytes, to - Math.Min(TailBytes, buffer.Length));
            int read = file.Read(from, buffer.AsSpan(0, (int)(to - from)));
            if (read != to - from)
            {
                return false;
            }

            int last = buffer.AsSpan(0, read).LastIndexOfAnyExcept((byte)0);
            if (last < 0)
            {
                to = from;
                continue;
            }

            // The Seal's last non-zero byte (its salt at the latest) lies 24..64 bytes into it: re-read every candidate start.
            long dataEnd = (from + last + FrameCodec.Alignment) & ~(long)(FrameCodec.Alignment - 1);
            long first = Math.Max(SegmentHeader.Bytes, dataEnd - s_sealBytes);
            Span<byte> tail = buffer.AsSpan(0, (int)(Math.Min(file.Length, dataEnd + s_sealBytes) - first));
            if (file.Read(first, tail) != tail.Length)
            {
                return false;
            }

            for (long start = dataEnd - s_sealBytes; start <= dataEnd - 24; start += FrameCodec.Alignment)
            {
                if (start >= first && IsSealAt(tail[(int)(start - first)..], header, out lastLsn))
                {
                    end = start + s_sealBytes;
                    return true;
                }
            }

            return false;
        }

        return false;
    }

    private static bool IsSealAt(ReadOnlySpan<byte> bytes, in SegmentHeader header, out long lastLsn)
    {
        lastLsn = 0;
        if (bytes.Length < s_sealBytes
            || FrameCodec.TryDecode(bytes[..s_sealBytes], header.Salt, out FrameHeader frame) != FrameStatus.Valid
            || !frame.IsControl
            || !SegmentScanner.IsSeal(bytes, frame, frame.Lsn))
        {
            return false;
        }

        long count = BinaryPrimitives.ReadInt64LittleEndian(bytes[(FrameCodec.HeaderBytes + 8)..]);
        lastLsn = frame.Lsn;
        return lastLsn >= header.BaseLsn - 1 && count == lastLsn - header.BaseLsn + 1;
    }
}
