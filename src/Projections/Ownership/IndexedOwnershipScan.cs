using EsCni.Domain.Codec;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Journal;
using EsCni.Journal.Indexing;
using EsCni.Projections.Replay;

namespace EsCni.Projections.Ownership;

/// <summary>
/// The whole-history pass of <see cref="OwnershipQuery.WholeHistory"/> (IPv4, <c>.ipv4</c> index) and
/// <see cref="Ipv6OwnershipProjection.WholeHistory"/> (IPv6, <c>.ipv6</c> index): sealed segments with a usable index are read
/// frame by frame at the locations it names for the key; the rest (the active segment, segments without or with a damaged index)
/// are scanned as before. Records reach the projection in LSN order either way.
/// </summary>
/// <remarks>
/// On 10M events a scan reads 2.2 GB; an index lookup reads a few kilobytes of table plus the IP's own frames
/// (docs/benchmarks.md). An index that cannot be trusted, or a frame that does not verify where it points, sends
/// that segment back to the scan — never a different answer.
/// </remarks>
internal static class IndexedOwnershipScan
{
    public static void Run(JournalReader reader, Ipv4Address ip, int degree, OwnershipTimelineProjection projection) =>
        Run(reader, OwnershipRecords.Index, ip.Value, (in JournalRecord record) => OwnershipRecords.Matter(in record, ip), degree, projection);

    /// <summary>
    /// Feeds <paramref name="projection"/>, in LSN order, every record the <paramref name="index"/> files under
    /// <paramref name="key"/> or every key in sealed segments where it is usable, and every record <paramref name="scanFilter"/>
    /// keeps elsewhere. The filter must keep at least what the index's classifier files for the key.
    /// </summary>
    public static void Run(JournalReader reader, SegmentIndexDefinition index, uint key, RecordFilter scanFilter, int degree, IProjection projection)
    {
        IReadOnlyList<JournalSegment> segments = reader.Segments;
        List<RecordedEvent>?[] indexed = new List<RecordedEvent>?[segments.Count];
        Parallel.For(0, segments.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, degree) },
            i => indexed[i] = TryIndexed(reader, segments[i], index, key));

        int next = 0;
        while (next < segments.Count)
        {
            if (indexed[next] is { } events)
            {
                foreach (RecordedEvent e in events)
                {
                    projection.Apply(in e);
                }

                next++;
                continue;
            }

            int end = next;
            while (end < segments.Count && indexed[end] is null)
            {
                end++;
            }

            JournalReplay.RunParallel(reader, new ReplayRange(segments[next].BaseLsn - 1, segments[end - 1].LastLsn),
                scanFilter, degree, projection);
            next = end;
        }
    }

    /// <summary>The segment's records filed under <paramref name="key"/>, decoded, or null when it must be scanned.</summary>
    private static List<RecordedEvent>? TryIndexed(JournalReader reader, JournalSegment segment, SegmentIndexDefinition index, uint key)
    {
        if (!segment.Sealed || reader.TryLookup(segment, index, key, out _) is not { } frames)
        {
            return null;
        }

        List<RecordedEvent> events = new(frames.Count);
        bool intact = reader.TryReadFrames(segment, frames, record =>
        {
            // As the scan: a payload that does not decode is left out of the timeline (replay verify reports it).
            DecodeResult result = EventCodec.Decode(record.Type, record.Payload.Span);
            if (result.IsOk)
            {
                events.Add(new RecordedEvent(record.Lsn, result.Event));
            }
        });
        return intact ? events : null;
    }
}
