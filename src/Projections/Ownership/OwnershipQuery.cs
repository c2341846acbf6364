using EsCni.Domain.Net;
using EsCni.Domain.Pool;
using EsCni.Journal;
using EsCni.Projections.History;
using EsCni.Projections.Replay;

namespace EsCni.Projections.Ownership;

/// <summary>
/// Who held an IP: over the whole history (per-segment IP indexes, a parallel pass over the rest), or in a time window, reading only
/// the part of the journal the window needs — what <c>replay who-had</c> answers.
/// </summary>
/// <remarks>
/// A window starts from the pool as it was at its start (newest snapshot before it plus the events up to it, as
/// <c>replay state --at</c>). An owner live then began at its allocation LSN, so reading starts there; it stops once
/// the window is over and every owner found has ended. A journal that gave the IP to a second key while the first
/// still held it (what <c>replay verify</c> reports as a SingleOwner violation) shows only the later owner in the pool
/// state; so the state just before that allocation is checked too, stepping back over each earlier owner. When any of
/// those states is not within reach of a snapshot, the window gives up and the caller scans the whole history.
/// </remarks>
public static class OwnershipQuery
{
    /// <summary>Every ownership interval of <paramref name="ip"/> in the readable journal, oldest first (sealed segments through their IP index when it is usable).</summary>
    public static IReadOnlyList<OwnershipInterval> WholeHistory(JournalReader reader, Ipv4Address ip, int degree)
    {
        ArgumentNullException.ThrowIfNull(reader);
        OwnershipTimelineProjection projection = new(only: ip);
        IndexedOwnershipScan.Run(reader, ip, degree, projection);
        return projection.Timeline.For(ip);
    }

    /// <summary>
    /// The ownership intervals of <paramref name="ip"/> that overlap [<paramref name="from"/>, <paramref name="to"/>],
    /// oldest first, read from the pool state at <paramref name="from"/> on — or null when that would cost more than
    /// <see cref="WholeHistory"/>: every pool state it needs must be at most <paramref name="maxReplay"/> events past
    /// a snapshot (see <see cref="StartIsCheap"/>), or the history would be decoded from its first event.
    /// </summary>
    public static IReadOnlyList<OwnershipInterval>? TryWindow(JournalReader reader, Ipv4Address ip, DateTimeOffset from, DateTimeOffset to, long maxReplay = MaxReplay)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!StartIsCheap(reader, from, maxReplay) || FirstRelevantLsn(reader, ip, from, maxReplay) is not { } first)
        {
            return null;
        }

        OwnershipTimelineProjection projection = new(only: ip);
        long toMicros = JournalReplay.ToMicros(to);
        JournalReplay.RunWhile(reader, first - 1, (in JournalRecord record) => Wanted(in record, ip),
            record => record.TimestampMicros <= toMicros || projection.HasLive(ip), projection);
        return projection.Timeline.For(ip).Where(i => i.Overlaps(from, to)).ToList();
    }

    /// <summary>
    /// True when the pool state at <paramref name="from"/> is cheap to build: a snapshot stamped at or before it exists
    /// and at most <paramref name="maxReplay"/> events follow that snapshot (or the whole journal is that short). The
    /// daemon keeps only its newest two snapshots, so this holds for recent moments — the usual incident question.
    /// </summary>
    public static bool StartIsCheap(JournalReader reader, DateTimeOffset from, long maxReplay = MaxReplay)
    {
        ArgumentNullException.ThrowIfNull(reader);
        long ceiling = reader.LastLsn;
        while (ceiling > 0 && reader.TryReadNewestSnapshot(ceiling, out Snapshot? snapshot, out _))
        {
            if (PoolHistory.TimeOf(reader, snapshot.Lsn) is { } stamped && stamped <= from)
            {
                return reader.LastLsn - snapshot.Lsn <= maxReplay;
            }

            ceiling = snapshot.Lsn - 1;
        }

        return reader.LastLsn - reader.FirstLsn < maxReplay;
    }

    /// <summary>Events past a snapshot up to which a pool state is rebuilt for a window (~0.2 s of decoding).</summary>
    public const long MaxReplay = 250_000;

    /// <summary>
    /// The LSN from which every interval live at <paramref name="at"/> (or starting after it) is seen, or null when
    /// checking that would mean a replay longer than <paramref name="maxReplay"/>.
    /// </summary>
    private static long? FirstRelevantLsn(JournalReader reader, Ipv4Address ip, DateTimeOffset at, long maxReplay)
    {
        NodePool pool = PoolHistory.StateAt(reader, at).Pool;
        long first = pool.LastLsn + 1;
        while (pool.TryGetAllocation(ip, out Allocation? owner) && owner.AllocatedLsn < first)
        {
            first = owner.AllocatedLsn;
            // Did someone hold it right before? (a SingleOwner violation.) An owner allocated long ago would need the
            // state from before the oldest snapshot: then the whole-history scan is the cheaper answer.
            if (!StateIsCheap(reader, first - 1, maxReplay))
            {
                return null;
            }

            pool = PoolHistory.StateAt(reader, first - 1).Pool;
        }

        return Math.Max(first, reader.FirstLsn); // an allocation in shipped-and-deleted history is not readable either way
    }

    private static bool StateIsCheap(JournalReader reader, long atLsn, long maxReplay)
    {
        if (reader.TryReadNewestSnapshot(atLsn, out Snapshot? snapshot, out _))
        {
            return atLsn - snapshot.Lsn <= maxReplay;
        }

        return reader.FirstLsn == 1 && atLsn <= maxReplay; // no snapshot: a replay from the first event, if it is there
    }

    /// <summary>Pod events carrying this IP (matched on raw bytes, so almost nothing is decoded) and the events that can end an ownership.</summary>
    private static bool Wanted(in JournalRecord record, Ipv4Address ip) => OwnershipRecords.Matter(in record, ip);
}
