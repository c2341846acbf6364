namespace EsCni.Domain.Codec.Mapping;

/// <summary>Adoption events (adoption_events.proto) ↔ records. Written once per pod at a takeover, so parsed with the plain parser.</summary>
internal static class AdoptionEventMapping
{
    public static IEventMap[] All { get; } =
    [
        new EventMap<IpAdopted, P.IpAdopted>(EventTypeIds.IpAdopted,
            static (e, m) =>
            {
                (m.Ip, m.EniId, m.Source) = (e.Ip.Value, e.EniId, e.Source);
                (m.NetworkName, m.ContainerId, m.IfName) = (e.Key.NetworkName, e.Key.ContainerId, e.Key.IfName);
                (m.PodNamespace, m.PodName) = (e.Pod.Namespace, e.Pod.Name);
                (m.AllocatedAtUtcTicks, m.AllocatedAtOffsetMinutes) = (e.AllocatedAt.UtcTicks, (int)e.AllocatedAt.Offset.TotalMinutes);
            },
            static (m, h) => new IpAdopted(h.Id, h.At, h.Cause, new Ipv4Address(m.Ip), m.EniId, new IpamKey(m.NetworkName, m.ContainerId, m.IfName),
                new Pod(m.PodNamespace, m.PodName, string.Empty), SharedMapping.Time(m.AllocatedAtUtcTicks, m.AllocatedAtOffsetMinutes), m.Source)),
        new EventMap<EniAdopted, P.EniAdopted>(EventTypeIds.EniAdopted,
            static (e, m) =>
            {
                (m.EniId, m.Description) = (e.EniId, e.Description);
                m.Tags.Clear();
                m.Tags.AddRange(e.Tags.Select(t => new P.EniTag { Key = t.Key, Value = t.Value }));
            },
            static (m, h) => new EniAdopted(h.Id, h.At, h.Cause, m.EniId, m.Description, new ValueList<EniTag>(m.Tags.Select(t => new EniTag(t.Key, t.Value))))),
    ];
}
