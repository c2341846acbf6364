using EsCni.Domain.Codec;
using EsCni.Domain.Events;
using EsCni.Journal;

namespace EsCni.Projections.Replay;

/// <summary>One pass over a journal that decodes each record once and feeds every projection given, in LSN order.</summary>
/// <remarks>
/// Uses the reader's allocation-free <see cref="IJournalHistory.ReadAll"/> path. Decoding dominates the cost of a
/// replay, so callers that need few event types pass a <see cref="RecordFilter"/> that looks at the type id (and,
/// for IP events, the raw IP bytes, see <see cref="PayloadProbe"/>) before anything is decoded. A payload that does
/// not decode is recorded in <see cref="ReplayOutcome.DecodeFailures"/> and skipped: one bad record must not hide
/// the rest of an incident.
/// </remarks>
public static class JournalReplay
{
    /// <summary>Reads <paramref name="range"/> of the journal and applies every (matching) event to each projection.</summary>
    /// <param name="reader">The read-only journal.</param>
    /// <param name="range">LSN bounds and an optional time limit.</param>
    /// <param name="filter">Records to decode; null decodes all.</param>
    /// <param name="projections">The folds to feed.</param>
    public static ReplayOutcome Run(IJournalHistory reader, ReplayRange range, RecordFilter? filter, params IReadOnlyList<IProjection> projections)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(projections);
        Pass pass = new(projections, filter, range.Until is { } until ? ToMicros(until) : long.MaxValue);
        reader.ReadAll(range.AfterLsn, pass.OnRecord, range.ToLsn);
        return pass.ToOutcome();
    }

    /// <summary>
    /// Like <see cref="Run"/> from <paramref name="afterLsn"/>, but stops after the first record for which
    /// <paramref name="keepGoing"/> (asked once the record is applied) returns false.
    /// </summary>
    public static ReplayOutcome RunWhile(IJournalHistory reader, long afterLsn, RecordFilter? filter, Func<JournalRecord, bool> keepGoing, params IReadOnlyList<IProjection> projections)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(keepGoing);
        ArgumentNullException.ThrowIfNull(projections);
        Pass pass = new(projections, filter, long.MaxValue);
        reader.ReadWhile(afterLsn, record =>
        {
            pass.OnRecord(record);
            return keepGoing(record);
        });
        return pass.ToOutcome();
    }

    /// <summary>
    /// Like <see cref="Run"/> for a selective <paramref name="filter"/>: the LSN range is split across
    /// <paramref name="degree"/> threads that each read, filter and decode their part, and the (few) matching events
    /// are then applied in LSN order on the calling thread. A full scan is bound by reading and checking frames, so on
    /// a node with idle cores this divides who-had's time; projections still see one ordered stream.
    /// </summary>
    public static ReplayOutcome RunParallel(IJournalHistory reader, ReplayRange range, RecordFilter filter, int degree, params IReadOnlyList<IProjection> projections) =>
        RunParallel(reader, range, filter, degree, MinParallelSpan, projections);

    // Below this many records thread start-up costs more than it saves.
    internal const long MinParallelSpan = 100_000;

    internal static ReplayOutcome RunParallel(IJournalHistory reader, ReplayRange range, RecordFilter filter, int degree, long minSpan, IReadOnlyList<IProjection> projections)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(projections);
        long first = Math.Max(range.AfterLsn, reader.FirstLsn - 1);
        long last = Math.Min(range.ToLsn ?? reader.LastLsn, reader.LastLsn);
        long span = last - first;
        if (degree <= 1 || span < minSpan || range.Until is not null)
        {
            return Run(reader, range, filter, projections);
        }

        Part[] parts = new Part[degree];
        for (int i = 0; i < degree; i++)
        {
            parts[i] = new Part(filter, first + (span * i / degree), first + (span * (i + 1) / degree));
        }

        Parallel.ForEach(parts, new ParallelOptions { MaxDegreeOfParallelism = degree }, part => reader.ReadAll(part.AfterLsn, part.OnRecord, part.ToLsn));
        foreach (Part part in parts)
        {
            foreach (RecordedEvent recorded in part.Matches)
            {
                for (int i = 0; i < projections.Count; i++)
                {
                    projections[i].Apply(in recorded);
                }
            }
        }

        long applied = parts.Sum(p => (long)p.Matches.Count);
        Part? nonEmpty = parts.LastOrDefault(p => p.Read > 0);
        return new ReplayOutcome(parts.Sum(p => p.Read), applied, parts.FirstOrDefault(p => p.Read > 0)?.FirstLsn ?? 0, nonEmpty?.LastLsn ?? 0,
            nonEmpty is null ? null : FromMicros(nonEmpty.LastMicros), parts.SelectMany(p => p.Failures).ToList());
    }

    /// <summary>Unix microseconds, the unit of <see cref="JournalRecord.TimestampMicros"/>.</summary>
    public static long ToMicros(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.Ticks) / TimeSpan.TicksPerMicrosecond;

    /// <summary>The time a record was stamped with.</summary>
    public static DateTimeOffset FromMicros(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond);

    /// <summary>One thread's share of <see cref="RunParallel"/>: afterLsn &lt; LSN ≤ toLsn, matches decoded and kept in order.</summary>
    private sealed class Part(RecordFilter filter, long afterLsn, long toLsn)
    {
        public long AfterLsn => afterLsn;

        public long ToLsn => toLsn;

        public List<RecordedEvent> Matches { get; } = [];

        public List<DecodeFailure> Failures { get; } = [];

        public long Read { get; private set; }

        public long FirstLsn { get; private set; }

        public long LastLsn { get; private set; }

        public long LastMicros { get; private set; }

        public void OnRecord(JournalRecord record)
        {
            Read++;
            FirstLsn = FirstLsn == 0 ? record.Lsn : FirstLsn;
            LastLsn = record.Lsn;
            LastMicros = record.TimestampMicros;
            if (!filter(in record))
            {
                return;
            }

            DecodeResult result = EventCodec.Decode(record.Type, record.Payload.Span);
            if (result.IsOk)
            {
                Matches.Add(new RecordedEvent(record.Lsn, result.Event));
            }
            else
            {
                Failures.Add(new DecodeFailure(record.Lsn, record.Type, result.Error));
            }
        }
    }

    /// <summary>The state of one pass; a class so its method can be the reader's callback without a closure per record.</summary>
    private sealed class Pass(IReadOnlyList<IProjection> projections, RecordFilter? filter, long untilMicros)
    {
        private readonly List<DecodeFailure> _failures = [];
        private long _read;
        private long _applied;
        private long _firstLsn;
        private long _lastLsn;
        private long _lastMicros;
        private bool _pastUntil; // ReadAll has no early exit; once past the time limit the rest is only skipped.

        public void OnRecord(JournalRecord record)
        {
            if (_pastUntil || record.TimestampMicros > untilMicros)
            {
                // The daemon stamps events from one clock in LSN order, so the first later record ends the window.
                _pastUntil = true;
                return;
            }

            _read++;
            _firstLsn = _firstLsn == 0 ? record.Lsn : _firstLsn;
            _lastLsn = record.Lsn;
            _lastMicros = record.TimestampMicros;
            if (filter is not null && !filter(in record))
            {
                return;
            }

            DecodeResult result = EventCodec.Decode(record.Type, record.Payload.Span);
            if (!result.IsOk)
            {
                _failures.Add(new DecodeFailure(record.Lsn, record.Type, result.Error));
                return;
            }

            RecordedEvent recorded = new(record.Lsn, result.Event);
            for (int i = 0; i < projections.Count; i++)
            {
                projections[i].Apply(in recorded);
            }

            _applied++;
        }

        public ReplayOutcome ToOutcome() =>
            new(_read, _applied, _firstLsn, _lastLsn, _read == 0 ? null : FromMicros(_lastMicros), _failures);
    }
}
