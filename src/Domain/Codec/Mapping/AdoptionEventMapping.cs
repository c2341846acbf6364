namespace EsCni.Domain.Codec.Mapping;

/// <summary>Adoption events (adoption_events.proto) ↔ records. Written once per pod at a takeover, so parsed with the plain parser.</summary>
internal static class AdoptionEventMapping
{
    public static IMessage? ToMessage(DomainEvent domainEvent) => domainEvent switch
    {
        IpAdopted e => Fill(SharedMapping.Seed(P.IpAdopted.Parser, e), e),
        EniAdopted e => Fill(SharedMapping.Seed(P.EniAdopted.Parser, e), e),
        _ => null,
    };

    public static DomainEvent? FromMessage(ushort typeId, ReadOnlySpan<byte> message) => typeId switch
    {
        EventTypeIds.IpAdopted => Read(P.IpAdopted.Parser.ParseFrom(message), message),
        EventTypeIds.EniAdopted => Read(P.EniAdopted.Parser.ParseFrom(message), message),
        _ => null,
    };

    private static P.IpAdopted Fill(P.IpAdopted m, IpAdopted e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.Ip = e.Ip.Value;
        m.EniId = e.EniId;
        m.NetworkName = e.Key.NetworkName;
        m.ContainerId = e.Key.ContainerId;
        m.IfName = e.Key.IfName;
        m.PodNamespace = e.Pod.Namespace;
        m.PodName = e.Pod.Name;
        m.Source = e.Source;
        m.AllocatedAtUtcTicks = e.AllocatedAt.UtcTicks;
        m.AllocatedAtOffsetMinutes = (int)e.AllocatedAt.Offset.TotalMinutes;
        return m;
    }

    private static DomainEvent Read(P.IpAdopted m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        IpAdopted e = new(h.Id, h.At, h.Cause, new Ipv4Address(m.Ip), m.EniId, new IpamKey(m.NetworkName, m.ContainerId, m.IfName),
            new Pod(m.PodNamespace, m.PodName, string.Empty), SharedMapping.Time(m.AllocatedAtUtcTicks, m.AllocatedAtOffsetMinutes), m.Source);
        return SharedMapping.Keep(e, message, m, m.Meta);
    }

    private static P.EniAdopted Fill(P.EniAdopted m, EniAdopted e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.EniId = e.EniId;
        m.Description = e.Description;
        m.Tags.Clear();
        foreach (EniTag tag in e.Tags)
        {
            m.Tags.Add(new P.EniTag { Key = tag.Key, Value = tag.Value });
        }

        return m;
    }

    private static DomainEvent Read(P.EniAdopted m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        EniAdopted e = new(h.Id, h.At, h.Cause, m.EniId, m.Description, new ValueList<EniTag>(m.Tags.Select(t => new EniTag(t.Key, t.Value))));
        return SharedMapping.Keep(e, message, m, m.Meta);
    }
}
