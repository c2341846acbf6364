namespace EsCni.Ipamd.Pool;

/// <summary>The pool as recovered, and what recovery cost.</summary>
/// <param name="Pool">The rebuilt pool.</param>
/// <param name="SnapshotLsn">The LSN of the snapshot it started from (0 = none).</param>
/// <param name="EventsReplayed">Events applied after the snapshot.</param>
/// <param name="Duration">Time spent.</param>
public sealed record RecoveredPool(NodePool Pool, long SnapshotLsn, long EventsReplayed, TimeSpan Duration);
