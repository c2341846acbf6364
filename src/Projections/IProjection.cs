using EsCni.Domain.Events;

namespace EsCni.Projections;

/// <summary>A fold of the event stream into a read model; several are fed by one pass over the journal (<see cref="Replay.JournalReplay"/>).</summary>
/// <remarks>
/// Like Marten's SingleStreamProjection: the projection owns its read model and is handed every event in LSN order.
/// Implementations never throw on odd events (a hand-edited or buggy journal is still evidence); judging is
/// <see cref="Audit.JournalAudit"/>'s job.
/// </remarks>
public interface IProjection
{
    /// <summary>Folds one event; called once per event, in LSN order.</summary>
    public void Apply(in RecordedEvent recorded);
}
