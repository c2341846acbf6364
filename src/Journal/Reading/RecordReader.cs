using System;
using System.Collections.Generic;
using EsCni.Journal.Format;
using EsCni.Journal.Storage;

namespace EsCni.Journal.Reading;

/// <summary>Reads records in LSN order across segment ranges; shared by <see cref="Journal"/> and <see cref="JournalReader"/>.</summary>
internal static class RecordReader
{
    /// <summary>Records with afterLsn &lt; LSN ≤ toLsn; each chunk is a fresh array so payloads stay valid.</summary>
    public static IEnumerable<JournalRecord> Enumerate(IJournalFileSystem fs, IReadOnlyList<SegmentRange> ranges, long afterLsn, long toLsn)
    {
        foreach (SegmentRange range in ranges)
        {
            if (range.LastLsn <= afterLsn || range.BaseLsn > toLsn)
            {
                continue;
            }

            using var reader = new SegmentReader(fs, range, reuseBuffer: false);
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
        foreach (SegmentRange range in ranges)
        {
            if (range.LastLsn <= afterLsn || range.BaseLsn > toLsn)
            {
                continue;
            }

            using var reader = new SegmentReader(fs, range, reuseBuffer: true);
            while (reader.TryNext(out FrameHeader h, out ReadOnlyMemory<byte> payload))
            {
                if (h.Lsn <= afterLsn)
                {
                    continue;
                }

                if (h.Lsn > toLsn || !onRecord(new JournalRecord(h.Lsn, h.EventId, h.Type, h.TimestampMicros, payload)))
                {
                    return count;
                }

                count++;
            }
        }

        return count;
    }
}
