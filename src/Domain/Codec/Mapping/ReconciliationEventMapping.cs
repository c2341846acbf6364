namespace EsCni.Domain.Codec.Mapping;

/// <summary>Reconciliation events (reconciliation_events.proto) ↔ records.</summary>
internal static class ReconciliationEventMapping
{
    public static IMessage? ToMessage(DomainEvent domainEvent) => domainEvent switch
    {
        DriftDetected e => Fill(SharedMapping.Seed(P.DriftDetected.Parser, e), e),
        DriftResolved e => Fill(SharedMapping.Seed(P.DriftResolved.Parser, e), e),
        _ => null,
    };

    public static DomainEvent? FromMessage(ushort typeId, ReadOnlySpan<byte> message) => typeId switch
    {
        EventTypeIds.DriftDetected => Read(P.DriftDetected.Parser.ParseFrom(message), message),
        EventTypeIds.DriftResolved => Read(P.DriftResolved.Parser.ParseFrom(message), message),
        _ => null,
    };

    private static P.DriftDetected Fill(P.DriftDetected m, DriftDetected e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.Subject = e.Subject;
        m.JournalSays = e.JournalSays;
        m.EvidenceSays = e.EvidenceSays;
        return m;
    }

    private static DomainEvent Read(P.DriftDetected m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        return SharedMapping.Keep(new DriftDetected(h.Id, h.At, h.Cause, m.Subject, m.JournalSays, m.EvidenceSays), message, m, m.Meta);
    }

    private static P.DriftResolved Fill(P.DriftResolved m, DriftResolved e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.Subject = e.Subject;
        m.Resolution = e.Resolution;
        return m;
    }

    private static DomainEvent Read(P.DriftResolved m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        return SharedMapping.Keep(new DriftResolved(h.Id, h.At, h.Cause, m.Subject, m.Resolution), message, m, m.Meta);
    }
}
