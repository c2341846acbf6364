using EsCni.Domain.Pool;

namespace EsCni.Projections.History;

/// <summary>The pool as of one point in the journal, and how it was rebuilt.</summary>
/// <param name="Pool">The rebuilt aggregate; read it, do not apply more events to it unless you own it.</param>
/// <param name="Lsn">LSN of the last event folded in (0 = nothing yet at that point).</param>
/// <param name="At">The instant the state describes: the requested time, or the time of the event at the requested LSN. Cooldowns are judged at this instant.</param>
/// <param name="SnapshotLsn">The snapshot the rebuild started from, or null when it replayed from the first event.</param>
/// <param name="EventsReplayed">Events applied on top of the snapshot.</param>
/// <param name="Warnings">Snapshots that were skipped, events that did not decode.</param>
public sealed record PoolState(NodePool Pool, long Lsn, DateTimeOffset At, long? SnapshotLsn, long EventsReplayed, IReadOnlyList<string> Warnings);
