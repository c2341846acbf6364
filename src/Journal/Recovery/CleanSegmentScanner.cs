using System.Runtime.CompilerServices;

namespace EsCni.Journal.Recovery;

/// <summary>The fast path for verifying a segment that ends cleanly: chunked sequential reads, one tight frame loop.</summary>
/// <remarks>
/// It accepts a segment only when <see cref="SegmentScanner.Scan"/> would return <see cref="SegmentEnd.Sealed"/>
/// or <see cref="SegmentEnd.Clean"/> with the same values: every frame from offset 64 verifies (length, salt,
/// CRC), event LSNs run on from the base LSN, and either a valid Seal for the last event follows the last
/// Commit frame, or (last segment only) a zero header follows it and every later byte of the file is zero.
/// Anything else returns null and the caller runs <see cref="SegmentScanner.Scan"/> on the whole file, so
/// findings (offset, LSN, reason) and the torn-versus-corrupt decision stay in one place. Reading stops at a
/// Seal, so the zeros a sealed segment ends with are never read; no buffer the size of a segment is needed.
/// </remarks>
internal static class CleanSegmentScanner
{
    /// <summary>Bytes per read: far larger than any frame (1 MiB + 48), so refills are rare and each frame is contiguous.</summary>
    public const int ChunkBytes = 4 << 20;

    /// <summary>
    /// Verifies <paramref name="file"/> up to its Seal frame using <paramref name="chunk"/> as the read buffer,
    /// whose first <paramref name="chunkLength"/> bytes were already read from offset 0; adds committed (id, LSN) pairs with LSN ≥
    /// <paramref name="reportFrom"/> to <paramref name="events"/>. Returns null when the segment is not a clean
    /// sealed segment, or for <paramref name="isLast"/> a cleanly ending one (then <paramref name="events"/> holds
    /// partial results the caller must discard).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called once per segment: tiering would run its loop unoptimized
    public static SegmentScan? TryScan(IJournalFile file, in SegmentHeader header, bool isLast, byte[] chunk, int chunkLength, long reportFrom, List<(Guid Id, long Lsn)> events)
    {
        long length = file.Length;
        long expected = header.BaseLsn;
        long lastCommitted = header.BaseLsn - 1;
        long offset = SegmentHeader.Bytes;
        long chunkStart = 0;
        while (true)
        {
            int at = (int)(offset - chunkStart);
            int available = chunkLength - at;
            int needed = FrameCodec.HeaderBytes;
            if (available >= FrameCodec.HeaderBytes)
            {
                uint payload = BitConverter.ToUInt32(chunk, at);
                if (payload > FrameCodec.MaxPayloadBytes)
                {
                    return null;
                }

                needed += (int)payload;
            }

            if (available < needed)
            {
                if (offset + needed > length || at == 0)
                {
                    return null;
                }

                chunkStart = offset;
                chunkLength = file.Read(offset, chunk);
                continue;
            }

            ReadOnlySpan<byte> frameBytes = chunk.AsSpan(at, needed);
            FrameStatus status = FrameCodec.TryDecode(frameBytes, header.Salt, out FrameHeader frame);
            if (status == FrameStatus.Zero && isLast && expected - 1 == lastCommitted
                && IsZeroFrom(file, offset, length, chunk, chunkStart, chunkLength))
            {
                return new SegmentScan(SegmentEnd.Clean, offset, lastCommitted, lastCommitted - header.BaseLsn + 1, offset, 0, string.Empty);
            }

            if (status != FrameStatus.Valid)
            {
                return null;
            }

            if (frame.IsControl)
            {
                // Same condition as SegmentScanner.Scan: a Seal for the last event, with no uncommitted frames before it.
                long end = offset + frame.FrameBytes;
                return SegmentScanner.IsSeal(frameBytes, frame, expected - 1) && expected - 1 == lastCommitted
                    ? new SegmentScan(SegmentEnd.Sealed, end, lastCommitted, lastCommitted - header.BaseLsn + 1, end, 0, string.Empty)
                    : null;
            }

            if (frame.Lsn != expected)
            {
                return null;
            }

            // Only a Sealed result is ever returned, and it needs every event frame committed, so no pending list is needed.
            if (frame.Lsn >= reportFrom)
            {
                events.Add((frame.EventId, frame.Lsn));
            }

            expected++;
            offset += frame.FrameBytes;
            if ((frame.Flags & FrameFlags.Commit) != 0)
            {
                lastCommitted = frame.Lsn;
            }
        }
    }

    /// <summary>True when every byte of the file from <paramref name="offset"/> to its end is zero (a clean end: no torn write).</summary>
    private static bool IsZeroFrom(IJournalFile file, long offset, long length, byte[] chunk, long chunkStart, int chunkLength)
    {
        long checkedTo = chunkStart + chunkLength;
        if (chunk.AsSpan((int)(offset - chunkStart), (int)(checkedTo - offset)).ContainsAnyExcept((byte)0))
        {
            return false;
        }

        while (checkedTo < length)
        {
            int read = file.Read(checkedTo, chunk.AsSpan(0, (int)Math.Min(chunk.Length, length - checkedTo)));
            if (read <= 0 || chunk.AsSpan(0, read).ContainsAnyExcept((byte)0))
            {
                return false;
            }

            checkedTo += read;
        }

        return true;
    }
}
