namespace EsCni.Journal.Reading;

/// <summary>Reads records in LSN order across segment ranges; shared by <see cref="Journal"/> and <see cref="JournalReader"/>.</summary>
internal static class RecordReader
{
    /// <summary>Records with afterLsn &lt; LSN ≤ toLsn; each chunk is a fresh array so payloads stay valid.</summary>
    public static IEnumerable<JournalRecord> Enumerate(IJournalFileSystem fs, IReadOnlyList<SegmentRange> ranges, long afterLsn, long toLsn) =>
        InRange(fs, ranges, afterLsn, toLsn, reuseBuffer: false);

    /// <summary>The allocation-free fast path: payloads are valid only during <paramref name="onRecord"/>. Returns the count.</summary>
    public static long ReadAll(IJournalFileSystem fs, IReadOnlyList<SegmentRange> ranges, long afterLsn, long toLsn, Action<JournalRecord> onRecord)
        => ReadWhile(fs, ranges, afterLsn, toLsn, record =>
        {
            onRecord(record);
            return true;
        });

    /// <summary>
    /// As <see cref="ReadAll"/>, but stops at the first record <paramref name="onRecord"/> answers false to (no
    /// further segment is opened). Returns how many records it answered true to.
    /// </summary>
    public static long ReadWhile(IJournalFileSystem fs, IReadOnlyList<SegmentRange> ranges, long afterLsn, long toLsn, Func<JournalRecord, bool> onRecord)
    {
        long count = 0;
        foreach (JournalRecord record in InRange(fs, ranges, afterLsn, toLsn, reuseBuffer: true))
        {
            if (!onRecord(record))
            {
                break; // leaving the loop disposes the open segment; no further one is opened
            }

            count++;
        }

        return count;
    }

    /// <summary>
    /// The one walk over the segments: skips segments wholly outside (afterLsn, toLsn], then frames before it, and stops
    /// at the first frame past it. With <paramref name="reuseBuffer"/> a payload is valid only until the next record.
    /// </summary>
    private static IEnumerable<JournalRecord> InRange(IJournalFileSystem fs, IReadOnlyList<SegmentRange> ranges, long afterLsn, long toLsn, bool reuseBuffer)
    {
        foreach (SegmentRange range in ranges)
        {
            if (range.LastLsn <= afterLsn || range.BaseLsn > toLsn)
            {
                continue;
            }

            using var reader = new SegmentReader(fs, range, reuseBuffer);
            while (reader.TryNext(out FrameHeader h, out ReadOnlyMemory<byte> payload))
            {
                if (h.Lsn <= afterLsn)
                {
                    continue;
                }

                if (h.Lsn > toLsn)
                {
                    yield break;
                }

                yield return new JournalRecord(h.Lsn, h.EventId, h.Type, h.TimestampMicros, payload);
            }
        }
    }
}
