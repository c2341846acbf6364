namespace EsCni.Projections.Replay;

/// <summary>What one pass over the journal read.</summary>
/// <param name="RecordsRead">Records the journal handed over (filtered ones included).</param>
/// <param name="EventsApplied">Events decoded and given to the projections.</param>
/// <param name="FirstLsn">LSN of the first record read, or 0 when none.</param>
/// <param name="LastLsn">LSN of the last record read, or 0 when none.</param>
/// <param name="LastEventAt">Timestamp of the last record read, or null when none.</param>
/// <param name="DecodeFailures">Records that did not decode; they were skipped.</param>
public sealed record ReplayOutcome(long RecordsRead, long EventsApplied, long FirstLsn, long LastLsn, DateTimeOffset? LastEventAt, IReadOnlyList<DecodeFailure> DecodeFailures);
