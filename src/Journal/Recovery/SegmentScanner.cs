using System.Buffers.Binary;

namespace EsCni.Journal.Recovery;

/// <summary>Walks the frames of one segment and decides, in <see cref="ClassifyDamage"/> alone, torn tail versus corruption.</summary>
internal static class SegmentScanner
{
    /// <summary>Receives each committed event frame (LSN order) during a scan.</summary>
    public delegate void CommittedEvent(Guid eventId, long lsn);

    /// <summary>
    /// Scans <paramref name="segment"/> (the whole file) from the first frame. Frames must verify, carry the
    /// header's salt and consecutive LSNs; a batch counts only once its Commit frame verified.
    /// <paramref name="onEvent"/> hears of committed events with LSN ≥ <paramref name="reportFrom"/>.
    /// </summary>
    public static SegmentScan Scan(ReadOnlySpan<byte> segment, in SegmentHeader header, bool isLast, CommittedEvent? onEvent, long reportFrom = 0)
    {
        if (onEvent is null)
        {
            reportFrom = long.MaxValue;
        }

        long expected = header.BaseLsn;
        long lastCommitted = header.BaseLsn - 1;
        long validEnd = SegmentHeader.Bytes;
        long events = 0;
        int offset = SegmentHeader.Bytes;
        List<(Guid Id, long Lsn)> pending = [];
        string stopReason;
        while (true)
        {
            FrameStatus status = FrameCodec.TryDecode(segment[offset..], header.Salt, out FrameHeader frame);
            if (status != FrameStatus.Valid)
            {
                stopReason = status switch
                {
                    FrameStatus.Zero => "the segment ends without a Seal frame",
                    FrameStatus.Truncated => "a frame's length runs past the end of the segment",
                    _ => "a frame's CRC, salt or length does not verify",
                };
                break;
            }

            if (offset + frame.FrameBytes > segment.Length)
            {
                // The frame verifies but its 8-byte alignment padding is cut off: the file was truncated.
                stopReason = "the file ends inside a frame's padding (truncated)";
                break;
            }

            if (frame.IsControl)
            {
                if (IsSeal(segment[offset..], frame, expected - 1) && expected - 1 == lastCommitted)
                {
                    return new SegmentScan(SegmentEnd.Sealed, offset + frame.FrameBytes, lastCommitted, events, offset + frame.FrameBytes, 0, string.Empty);
                }

                stopReason = $"a control frame (type {frame.Type}, LSN {frame.Lsn}) is not a valid Seal for LSN {expected - 1}";
                break;
            }

            if (frame.Lsn != expected)
            {
                stopReason = $"a frame carries LSN {frame.Lsn} where LSN {expected} belongs";
                break;
            }

            if (frame.Lsn >= reportFrom)
            {
                pending.Add((frame.EventId, frame.Lsn));
            }

            expected++;
            offset += frame.FrameBytes;
            if ((frame.Flags & FrameFlags.Commit) != 0)
            {
                foreach ((Guid id, long lsn) in pending)
                {
                    onEvent!(id, lsn);
                }

                events += frame.Lsn - lastCommitted;
                pending.Clear();
                lastCommitted = frame.Lsn;
                validEnd = offset;
            }
        }

        long badOffset = validEnd;
        long dataEnd = DataEnd(segment, validEnd);
        if (!isLast)
        {
            // A sealed segment was fdatasynced in full before its successor existed: any defect is corruption.
            return new SegmentScan(SegmentEnd.Corrupt, validEnd, lastCommitted, events, dataEnd, badOffset, stopReason + " (sealed segment)");
        }

        if (dataEnd <= validEnd)
        {
            return new SegmentScan(SegmentEnd.Clean, validEnd, lastCommitted, events, validEnd, 0, string.Empty);
        }

        string? corruption = ClassifyDamage(segment, header, validEnd, dataEnd, lastCommitted);
        return corruption is null
            ? new SegmentScan(SegmentEnd.TornTail, validEnd, lastCommitted, events, dataEnd, badOffset, stopReason)
            : new SegmentScan(SegmentEnd.Corrupt, validEnd, lastCommitted, events, dataEnd, badOffset, corruption);
    }

    /// <summary>
    /// The one place that decides torn tail versus corruption for damage after <paramref name="validEnd"/> in the
    /// active segment. Returns null for a torn tail, else the reason it is corruption.
    /// </summary>
    /// <remarks>
    /// The writer makes one positional write of at most MaxWriteBytes and fdatasyncs it before the next write
    /// starts, so after a crash only the last write can be incomplete — and its pages may have reached the disk
    /// in any order (etcd #11488), so valid frames of it may follow the damage. That write began at or before
    /// <paramref name="validEnd"/> (everything before it was durable and verifies). Therefore the damage is a
    /// torn tail only if every non-zero byte lies within [validEnd, validEnd + MaxWriteBytes) and at most one
    /// write's frames are there: a valid frame with a later LSN after a valid SyncEnd frame proves a second,
    /// later write — which could only have started after this one was durable, i.e. acknowledged data is damaged.
    /// Bit rot inside the last acknowledged write with nothing after it still looks torn (PAR, FAST'18); the
    /// shipped copy in PostgreSQL is the remedy for that residue.
    /// </remarks>
    private static string? ClassifyDamage(ReadOnlySpan<byte> segment, in SegmentHeader header, long validEnd, long dataEnd, long lastCommitted)
    {
        long window = validEnd + header.MaxWriteBytes;
        if (dataEnd > window)
        {
            return $"non-zero bytes reach offset {dataEnd}, beyond the {header.MaxWriteBytes}-byte window of the one write a crash can tear";
        }

        long syncEndLsn = -1;
        for (long p = validEnd; p + FrameCodec.HeaderBytes <= dataEnd; )
        {
            if (FrameCodec.TryDecode(segment[(int)p..], header.Salt, out FrameHeader frame) != FrameStatus.Valid || frame.Lsn <= lastCommitted)
            {
                p += FrameCodec.Alignment;
                continue;
            }

            if (syncEndLsn >= 0 && frame.Lsn > syncEndLsn)
            {
                return $"a valid frame for LSN {frame.Lsn} at offset {p} follows the end of an earlier write (LSN {syncEndLsn}) after the damage, so the damage is not a torn last write";
            }

            if ((frame.Flags & FrameFlags.SyncEnd) != 0)
            {
                syncEndLsn = frame.Lsn;
            }

            p += frame.FrameBytes;
        }

        return null;
    }

    /// <summary>True when <paramref name="frame"/> is a Seal control frame for <paramref name="lastLsn"/>.</summary>
    public static bool IsSeal(ReadOnlySpan<byte> frame, in FrameHeader header, long lastLsn)
        => header.Type == ControlType.Seal
            && header.PayloadLength == ControlType.SealPayloadBytes
            && header.Lsn == lastLsn
            && BinaryPrimitives.ReadInt64LittleEndian(frame[FrameCodec.HeaderBytes..]) == lastLsn;

    /// <summary>Offset just past the last non-zero byte at or after <paramref name="from"/>, rounded up to 8.</summary>
    private static long DataEnd(ReadOnlySpan<byte> segment, long from)
    {
        int last = segment[(int)from..].LastIndexOfAnyExcept((byte)0);
        return last < 0 ? from : from + ((last + FrameCodec.Alignment) & ~(FrameCodec.Alignment - 1));
    }
}
