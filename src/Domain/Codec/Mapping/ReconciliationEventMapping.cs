namespace EsCni.Domain.Codec.Mapping;

/// <summary>Reconciliation events (reconciliation_events.proto) ↔ records.</summary>
internal static class ReconciliationEventMapping
{
    public static IEventMap[] All { get; } =
    [
        new EventMap<DriftDetected, P.DriftDetected>(EventTypeIds.DriftDetected,
            static (e, m) => (m.Subject, m.JournalSays, m.EvidenceSays) = (e.Subject, e.JournalSays, e.EvidenceSays),
            static (m, h) => new DriftDetected(h.Id, h.At, h.Cause, m.Subject, m.JournalSays, m.EvidenceSays)),
        new EventMap<DriftResolved, P.DriftResolved>(EventTypeIds.DriftResolved,
            static (e, m) => (m.Subject, m.Resolution) = (e.Subject, e.Resolution),
            static (m, h) => new DriftResolved(h.Id, h.At, h.Cause, m.Subject, m.Resolution)),
    ];
}
