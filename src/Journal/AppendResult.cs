namespace EsCni.Journal;

/// <summary>The LSNs a batch received.</summary>
/// <param name="FirstLsn">LSN of the batch's first event.</param>
/// <param name="LastLsn">LSN of the batch's last event.</param>
/// <param name="Idempotent">True when every event id was already in the journal and nothing was written.</param>
public readonly record struct AppendResult(long FirstLsn, long LastLsn, bool Idempotent);
