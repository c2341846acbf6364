namespace EsCni.Domain.Events;

/// <summary>EC2, IMDS or the host said something different from the journal about Subject (an ENI id, IP or key).</summary>
public sealed record DriftDetected(Guid EventId, DateTimeOffset At, Cause Cause, string Subject, string JournalSays, string EvidenceSays) : DomainEvent(EventId, At, Cause);

/// <summary>The drift on Subject was settled; the events that corrected the pool precede this one.</summary>
public sealed record DriftResolved(Guid EventId, DateTimeOffset At, Cause Cause, string Subject, string Resolution) : DomainEvent(EventId, At, Cause);
