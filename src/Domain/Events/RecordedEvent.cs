namespace EsCni.Domain.Events;

/// <summary>An event with the LSN the journal gave it.</summary>
/// <param name="Lsn">The journal's log sequence number; contiguous from the first event.</param>
/// <param name="Event">The event.</param>
public readonly record struct RecordedEvent(long Lsn, DomainEvent Event);
