namespace EsCni.Journal;

/// <summary>One durable event read back from the journal.</summary>
/// <param name="Lsn">Log sequence number: 1 for the first event ever appended, +1 for each following one.</param>
/// <param name="EventId">The id given at append.</param>
/// <param name="Type">The type id given at append.</param>
/// <param name="TimestampMicros">The timestamp given at append (unix microseconds).</param>
/// <param name="Payload">The event bytes. From the synchronous <c>ReadAll</c> fast path they are valid only during the callback.</param>
public readonly record struct JournalRecord(long Lsn, Guid EventId, ushort Type, long TimestampMicros, ReadOnlyMemory<byte> Payload);
