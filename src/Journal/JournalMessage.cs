namespace EsCni.Journal;

/// <summary>What a live subscription yields: a record, or the signal that the subscriber has caught up.</summary>
/// <param name="Kind">Which of the two this is.</param>
/// <param name="Record">The record when <paramref name="Kind"/> is <see cref="JournalMessageKind.Record"/>; default otherwise.</param>
/// <param name="Lsn">The record's LSN, or for CaughtUp the last durable LSN at that moment.</param>
public readonly record struct JournalMessage(JournalMessageKind Kind, JournalRecord Record, long Lsn);
