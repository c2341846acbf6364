using System.Globalization;
using EsCni.Domain.Pool;
using EsCni.Journal;
using EsCni.Projections.Replay;

namespace EsCni.Projections.History;

/// <summary>Point-in-time pool state: the newest snapshot at or before the point, plus the events after it up to the point.</summary>
/// <remarks>
/// Named arguments follow Marten's <c>AggregateStreamAsync(id, version:, timestamp:)</c>: <c>StateAt(reader, atLsn: n)</c>
/// or <c>StateAt(reader, at: t)</c>. A snapshot is only usable for a time if the event at its LSN happened at or
/// before that time, which costs one record read per candidate snapshot. The daemon keeps two snapshots, so a
/// point far back in history replays from the first event: correct, just slower.
/// </remarks>
public static class PoolHistory
{
    /// <summary>The pool after the event with LSN <paramref name="atLsn"/> (0 = before the first event).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The LSN is negative or past the journal's readable end.</exception>
    /// <exception cref="ProjectionException">The history up to that LSN was deleted and no snapshot covers it.</exception>
    public static PoolState StateAt(IJournalHistory reader, long atLsn)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (atLsn < 0 || atLsn > reader.LastLsn)
        {
            throw new ArgumentOutOfRangeException(nameof(atLsn), atLsn,
                string.Create(CultureInfo.InvariantCulture, $"LSN {atLsn} is outside the journal's readable range 0..{reader.LastLsn}; pick an LSN from `replay dump`"));
        }

        List<string> warnings = [];
        (NodePool pool, long? snapshotLsn) = StartingPoint(reader, atLsn, latestAt: null, warnings);
        NodePoolProjection fold = new(pool);
        ReplayOutcome outcome = JournalReplay.Run(reader, new ReplayRange(pool.LastLsn, atLsn), null, fold);
        warnings.AddRange(outcome.DecodeFailures.Select(Describe));
        DateTimeOffset at = outcome.LastEventAt ?? TimeOf(reader, atLsn) ?? DateTimeOffset.UnixEpoch;
        return new PoolState(fold.Pool, atLsn, at, snapshotLsn, outcome.EventsApplied, warnings);
    }

    /// <summary>The pool as it was at <paramref name="at"/>: every event stamped at or before it folded in.</summary>
    /// <exception cref="ProjectionException">The history up to that time was deleted and no snapshot covers it.</exception>
    public static PoolState StateAt(IJournalHistory reader, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(reader);
        List<string> warnings = [];
        (NodePool pool, long? snapshotLsn) = StartingPoint(reader, reader.LastLsn, at, warnings);
        NodePoolProjection fold = new(pool);
        ReplayOutcome outcome = JournalReplay.Run(reader, new ReplayRange(pool.LastLsn, null, at), null, fold);
        warnings.AddRange(outcome.DecodeFailures.Select(Describe));
        return new PoolState(fold.Pool, fold.Pool.LastLsn, at, snapshotLsn, outcome.EventsApplied, warnings);
    }

    /// <summary>Continues <paramref name="from"/> (which the caller owns) to <paramref name="to"/>, feeding <paramref name="alongside"/> the same events.</summary>
    public static PoolState Advance(IJournalHistory reader, PoolState from, DateTimeOffset to, params IReadOnlyList<IProjection> alongside)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(from);
        NodePoolProjection fold = new(from.Pool);
        ReplayOutcome outcome = JournalReplay.Run(reader, new ReplayRange(from.Pool.LastLsn, null, to), null, [fold, .. alongside]);
        return new PoolState(fold.Pool, fold.Pool.LastLsn, to, from.SnapshotLsn, from.EventsReplayed + outcome.EventsApplied,
            [.. from.Warnings, .. outcome.DecodeFailures.Select(Describe)]);
    }

    /// <summary>The time of the event at <paramref name="lsn"/>, or null when it is not in the readable journal.</summary>
    public static DateTimeOffset? TimeOf(IJournalHistory reader, long lsn)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (lsn < reader.FirstLsn || lsn > reader.LastLsn)
        {
            return null;
        }

        long micros = long.MinValue;
        reader.ReadAll(lsn - 1, r => micros = r.TimestampMicros, lsn);
        return micros == long.MinValue ? null : JournalReplay.FromMicros(micros);
    }

    // Newest usable snapshot at or below maxLsn (and, for a time, whose last event is not after it); else the empty pool.
    private static (NodePool Pool, long? SnapshotLsn) StartingPoint(IJournalHistory reader, long maxLsn, DateTimeOffset? latestAt, List<string> warnings)
    {
        long ceiling = maxLsn;
        while (ceiling > 0 && reader.TryReadNewestSnapshot(ceiling, out Snapshot? snapshot, out IReadOnlyList<string> skipped))
        {
            warnings.AddRange(skipped);
            ceiling = snapshot.Lsn - 1;
            if (latestAt is { } at && !(TimeOf(reader, snapshot.Lsn) is { } stamped && stamped <= at))
            {
                continue;
            }

            if (NodePoolSnapshot.TryDecode(snapshot.Blob.Span, out NodePool? pool, out string? error))
            {
                return (pool, snapshot.Lsn);
            }

            warnings.Add($"snapshot {snapshot.File} skipped: {error}");
        }

        if (reader.FirstLsn > 1)
        {
            throw new ProjectionException(string.Create(CultureInfo.InvariantCulture,
                $"journal {reader.Directory} starts at LSN {reader.FirstLsn} (older segments were shipped and deleted) and no snapshot covers the point asked for; pick a later point, or query the cluster store"));
        }

        return (new NodePool(), null);
    }

    private static string Describe(DecodeFailure f) =>
        string.Create(CultureInfo.InvariantCulture, $"LSN {f.Lsn} (type {f.TypeId}) skipped: {f.Message}");
}
