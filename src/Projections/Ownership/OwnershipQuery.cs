using EsCni.Domain.Codec;
using EsCni.Domain.Net;
using EsCni.Domain.Pool;
using EsCni.Journal;
using EsCni.Projections.History;
using EsCni.Projections.Replay;

namespace EsCni.Projections.Ownership;

/// <summary>
/// Who held an IP: over the whole history (one parallel pass over every record), or in a time window, reading only
/// the part of the journal the window needs — what <c>replay who-had</c> answers.
/// </summary>
/// <remarks>
/// A window starts from the pool as it was at its start (newest snapshot before it plus the events up to it, as
/// <c>replay state --at</c>). An owner live then began at its allocation LSN, so reading starts there; it stops once
/// the window is over and every owner found has ended. A journal that gave the IP to a second key while the first
/// still held it (what <c>replay verify</c> reports as a SingleOwner violation) shows only the later owner in the pool
/// state; so the state just before that allocation is checked too, stepping back over each earlier owner.
/// </remarks>
public static class OwnershipQuery
{
    /// <summary>Every ownership interval of <paramref name="ip"/> in the readable journal, oldest first.</summary>
    public static IReadOnlyList<OwnershipInterval> WholeHistory(JournalReader reader, Ipv4Address ip, int degree)
    {
        ArgumentNullException.ThrowIfNull(reader);
        OwnershipTimelineProjection projection = new(only: ip);
        JournalReplay.RunParallel(reader, ReplayRange.All, (in JournalRecord record) => Wanted(in record, ip), degree, projection);
        return projection.Timeline.For(ip);
    }

    /// <summary>
    /// True when <see cref="Window"/> starting at <paramref name="from"/> is cheaper than <see cref="WholeHistory"/>: a
    /// snapshot stamped at or before it exists and at most <paramref name="maxEventsAfterSnapshot"/> events follow that
    /// snapshot (or the whole journal is that short). The daemon keeps only its newest two snapshots, so this holds for
    /// recent moments — the usual incident question. For an older moment the pool state would have to be rebuilt by
    /// decoding every event from the first, while the whole-history scan decodes almost nothing.
    /// </summary>
    public static bool WindowIsCheap(JournalReader reader, DateTimeOffset from, long maxEventsAfterSnapshot = MaxEventsAfterSnapshot)
    {
        ArgumentNullException.ThrowIfNull(reader);
        long ceiling = reader.LastLsn;
        while (ceiling > 0 && reader.TryReadNewestSnapshot(ceiling, out Snapshot? snapshot, out _))
        {
            if (PoolHistory.TimeOf(reader, snapshot.Lsn) is { } stamped && stamped <= from)
            {
                return reader.LastLsn - snapshot.Lsn <= maxEventsAfterSnapshot;
            }

            ceiling = snapshot.Lsn - 1;
        }

        return reader.LastLsn - reader.FirstLsn < maxEventsAfterSnapshot;
    }

    /// <summary>Events after the starting snapshot up to which a window is answered from the pool state (~0.2 s of decoding).</summary>
    public const long MaxEventsAfterSnapshot = 250_000;

    /// <summary>The ownership intervals of <paramref name="ip"/> that overlap [<paramref name="from"/>, <paramref name="to"/>], oldest first.</summary>
    public static IReadOnlyList<OwnershipInterval> Window(JournalReader reader, Ipv4Address ip, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(reader);
        long afterLsn = FirstRelevantLsn(reader, ip, from) - 1;
        OwnershipTimelineProjection projection = new(only: ip);
        long toMicros = JournalReplay.ToMicros(to);
        JournalReplay.RunWhile(reader, afterLsn, (in JournalRecord record) => Wanted(in record, ip),
            record => record.TimestampMicros <= toMicros || projection.HasLive(ip), projection);
        return projection.Timeline.For(ip).Where(i => i.Overlaps(from, to)).ToList();
    }

    /// <summary>The LSN from which every interval live at <paramref name="at"/> (or starting after it) is seen.</summary>
    private static long FirstRelevantLsn(JournalReader reader, Ipv4Address ip, DateTimeOffset at)
    {
        PoolState state = PoolHistory.StateAt(reader, at);
        long first = state.Pool.LastLsn + 1;
        NodePool pool = state.Pool;
        while (pool.TryGetAllocation(ip, out Allocation? owner) && owner.AllocatedLsn < first && owner.AllocatedLsn >= reader.FirstLsn)
        {
            first = owner.AllocatedLsn;
            try
            {
                pool = PoolHistory.StateAt(reader, first - 1).Pool; // did someone hold it right before? (a SingleOwner violation)
            }
            catch (ProjectionException)
            {
                break; // the history before it was deleted (shipped) and no snapshot covers it: nothing earlier is readable
            }
        }

        return Math.Max(first, reader.FirstLsn);
    }

    /// <summary>Pod events carrying this IP (matched on raw bytes, so almost nothing is decoded) and the events that can end an ownership.</summary>
    private static bool Wanted(in JournalRecord record, Ipv4Address ip)
    {
        if (PayloadProbe.CarriesLeadingIp(record.Type))
        {
            // A payload in a layout the probe does not know is decoded, never silently dropped.
            return !PayloadProbe.TryReadLeadingIp(record.Payload.Span, out Ipv4Address found) || found == ip;
        }

        return record.Type is EventTypeIds.EniDetached or EventTypeIds.PoolIpsRemoved;
    }
}
