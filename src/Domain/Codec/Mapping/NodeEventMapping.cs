namespace EsCni.Domain.Codec.Mapping;

/// <summary>Node events (node_events.proto) ↔ records.</summary>
internal static class NodeEventMapping
{
    public static IMessage? ToMessage(DomainEvent domainEvent) => domainEvent switch
    {
        NodeStarted e => Fill(SharedMapping.Seed(P.NodeStarted.Parser, e), e),
        NodeStopped e => Fill(SharedMapping.Seed(P.NodeStopped.Parser, e), e),
        _ => null,
    };

    public static DomainEvent? FromMessage(ushort typeId, ReadOnlySpan<byte> message) => typeId switch
    {
        EventTypeIds.NodeStarted => Read(P.NodeStarted.Parser.ParseFrom(message), message),
        EventTypeIds.NodeStopped => Read(P.NodeStopped.Parser.ParseFrom(message), message),
        _ => null,
    };

    private static P.NodeStarted Fill(P.NodeStarted m, NodeStarted e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.InstanceId = e.InstanceId;
        m.InstanceType = e.InstanceType;
        m.AvailabilityZone = e.AvailabilityZone;
        m.VpcCidrs.Clear();
        m.VpcCidrs.AddRange(e.VpcCidrs);
        m.MaxEnis = e.MaxEnis;
        m.IpsPerEni = e.IpsPerEni;
        m.Build = e.Build;
        m.IpCooldownTicks = e.IpCooldown.Ticks;
        return m;
    }

    private static DomainEvent Read(P.NodeStarted m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        NodeStarted e = new(h.Id, h.At, h.Cause, m.InstanceId, m.InstanceType, m.AvailabilityZone, new ValueList<string>(m.VpcCidrs),
            m.MaxEnis, m.IpsPerEni, m.Build, TimeSpan.FromTicks(m.IpCooldownTicks));
        return SharedMapping.Keep(e, message, m, m.Meta);
    }

    private static P.NodeStopped Fill(P.NodeStopped m, NodeStopped e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.Reason = e.Reason;
        return m;
    }

    private static DomainEvent Read(P.NodeStopped m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        return SharedMapping.Keep(new NodeStopped(h.Id, h.At, h.Cause, m.Reason), message, m, m.Meta);
    }
}
