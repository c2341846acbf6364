namespace EsCni.Domain.Codec.Mapping;

/// <summary>Hold events (hold_events.proto) ↔ records. Rare next to allocations, so parsed with the plain parser.</summary>
internal static class HoldEventMapping
{
    public static IEventMap[] All { get; } =
    [
        new EventMap<IpHeld, P.IpHeld>(EventTypeIds.IpHeld,
            static (e, m) =>
            {
                (m.Ip, m.Source, m.Evidence) = (e.Ip.Value, (P.HoldSource)e.Source, e.Evidence);
                (m.HostVeth, m.PeerNetns, m.PeerIfindex) = (e.HostVeth, e.PeerNetns, e.PeerIfIndex);
                (m.ObservedAtUtcTicks, m.ObservedAtOffsetMinutes) = (e.ObservedAt.UtcTicks, (int)e.ObservedAt.Offset.TotalMinutes);
            },
            static (m, h) => new IpHeld(h.Id, h.At, h.Cause, new Ipv4Address(m.Ip), SourceOf(m), m.Evidence, m.HostVeth, m.PeerNetns, m.PeerIfindex,
                SharedMapping.Time(m.ObservedAtUtcTicks, m.ObservedAtOffsetMinutes))),
        new EventMap<IpHoldLifted, P.IpHoldLifted>(EventTypeIds.IpHoldLifted,
            static (e, m) => (m.Ip, m.Why) = (e.Ip.Value, e.Why),
            static (m, h) => new IpHoldLifted(h.Id, h.At, h.Cause, new Ipv4Address(m.Ip), m.Why)),
    ];

    private static HoldSource SourceOf(P.IpHeld m) =>
        (uint)m.Source <= (uint)HoldSource.Ec2OtherEni
            ? (HoldSource)m.Source
            // A new source is a change of meaning: it comes with a new schema version, so at this version it is damage.
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"hold source {(int)m.Source} is unknown (known 0..{(int)HoldSource.Ec2OtherEni})"));
}
