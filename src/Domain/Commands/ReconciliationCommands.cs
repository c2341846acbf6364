namespace EsCni.Domain.Commands;

/// <summary>Record that evidence disagrees with the journal about a subject (emits <see cref="DriftDetected"/>).</summary>
public sealed record RecordDrift(DateTimeOffset At, Cause Cause, string Subject, string JournalSays, string EvidenceSays) : PoolCommand(At, Cause);

/// <summary>Record that a drift was settled (emits <see cref="DriftResolved"/>).</summary>
public sealed record ResolveDrift(DateTimeOffset At, Cause Cause, string Subject, string Resolution) : PoolCommand(At, Cause);
