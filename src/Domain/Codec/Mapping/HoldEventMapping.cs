namespace EsCni.Domain.Codec.Mapping;

/// <summary>Hold events (hold_events.proto) ↔ records. Rare next to allocations, so parsed with the plain parser.</summary>
internal static class HoldEventMapping
{
    public static IMessage? ToMessage(DomainEvent domainEvent) => domainEvent switch
    {
        IpHeld e => Fill(SharedMapping.Seed(P.IpHeld.Parser, e), e),
        IpHoldLifted e => Fill(SharedMapping.Seed(P.IpHoldLifted.Parser, e), e),
        _ => null,
    };

    public static DomainEvent? FromMessage(ushort typeId, ReadOnlySpan<byte> message) => typeId switch
    {
        EventTypeIds.IpHeld => Read(P.IpHeld.Parser.ParseFrom(message), message),
        EventTypeIds.IpHoldLifted => Read(P.IpHoldLifted.Parser.ParseFrom(message), message),
        _ => null,
    };

    private static P.IpHeld Fill(P.IpHeld m, IpHeld e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.Ip = e.Ip.Value;
        m.Source = (P.HoldSource)e.Source;
        m.Evidence = e.Evidence;
        m.HostVeth = e.HostVeth;
        m.PeerNetns = e.PeerNetns;
        m.PeerIfindex = e.PeerIfIndex;
        m.ObservedAtUtcTicks = e.ObservedAt.UtcTicks;
        m.ObservedAtOffsetMinutes = (int)e.ObservedAt.Offset.TotalMinutes;
        return m;
    }

    private static DomainEvent Read(P.IpHeld m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        if ((uint)m.Source > (uint)HoldSource.Ec2OtherEni)
        {
            // A new source is a change of meaning: it comes with a new schema version, so at this version it is damage.
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"hold source {(int)m.Source} is unknown (known 0..{(int)HoldSource.Ec2OtherEni})"));
        }

        IpHeld e = new(h.Id, h.At, h.Cause, new Ipv4Address(m.Ip), (HoldSource)m.Source, m.Evidence, m.HostVeth, m.PeerNetns, m.PeerIfindex,
            SharedMapping.Time(m.ObservedAtUtcTicks, m.ObservedAtOffsetMinutes));
        return SharedMapping.Keep(e, message, m, m.Meta);
    }

    private static P.IpHoldLifted Fill(P.IpHoldLifted m, IpHoldLifted e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.Ip = e.Ip.Value;
        m.Why = e.Why;
        return m;
    }

    private static DomainEvent Read(P.IpHoldLifted m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        return SharedMapping.Keep(new IpHoldLifted(h.Id, h.At, h.Cause, new Ipv4Address(m.Ip), m.Why), message, m, m.Meta);
    }
}
