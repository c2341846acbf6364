namespace EsCni.Journal;

/// <summary>One event to append: a caller-chosen id (the idempotency key), a type id, a timestamp and opaque bytes.</summary>
/// <param name="EventId">Unique id; appending a batch whose ids are already in the journal returns their original LSNs.</param>
/// <param name="Type">The caller's event type id; the journal does not interpret it.</param>
/// <param name="TimestampMicros">Unix time in microseconds, supplied by the caller (the journal reads no clock for events).</param>
/// <param name="Payload">The event bytes, at most <see cref="JournalOptions.MaxBatchBytes"/> minus the 48-byte frame header.</param>
public readonly record struct JournalEntry(Guid EventId, ushort Type, long TimestampMicros, ReadOnlyMemory<byte> Payload);
