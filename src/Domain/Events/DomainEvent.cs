namespace EsCni.Domain.Events;

/// <summary>A fact about the node's pool; every event carries its id, time and cause (DESIGN.md §3).</summary>
/// <remarks>The LSN is not part of the event: the journal assigns it, see <see cref="RecordedEvent"/>.</remarks>
/// <param name="EventId">Deterministic where a retry could repeat the event (see <see cref="EventIds"/>).</param>
/// <param name="At">When the fact happened, as decided by the caller's clock.</param>
/// <param name="Cause">Who or what made it happen.</param>
public abstract record DomainEvent(Guid EventId, DateTimeOffset At, Cause Cause)
{
    /// <summary>
    /// Fields a newer release wrote that this build does not know, kept for re-encoding (snapshots, shipping); null
    /// for every event this build wrote. Internal so it never shows in the JSON of shipped events or in `replay dump`.
    /// </summary>
    internal NewerFields? Newer { get; init; }
}
