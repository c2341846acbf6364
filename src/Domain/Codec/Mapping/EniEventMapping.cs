namespace EsCni.Domain.Codec.Mapping;

/// <summary>ENI lifecycle events (eni_events.proto) ↔ records.</summary>
internal static class EniEventMapping
{
    public static IMessage? ToMessage(DomainEvent domainEvent) => domainEvent switch
    {
        EniCreateRequested e => Fill(SharedMapping.Seed(P.EniCreateRequested.Parser, e), e),
        EniCreated e => Fill(SharedMapping.Seed(P.EniCreated.Parser, e), e),
        EniCreateFailed e => Fill(SharedMapping.Seed(P.EniCreateFailed.Parser, e), e),
        EniAttached e => Fill(SharedMapping.Seed(P.EniAttached.Parser, e), e),
        EniDetachRequested e => Fill(SharedMapping.Seed(P.EniDetachRequested.Parser, e), e),
        EniDetachFailed e => Fill(SharedMapping.Seed(P.EniDetachFailed.Parser, e), e),
        EniDetached e => Fill(SharedMapping.Seed(P.EniDetached.Parser, e), e),
        EniDeleted e => Fill(SharedMapping.Seed(P.EniDeleted.Parser, e), e),
        _ => null,
    };

    public static DomainEvent? FromMessage(ushort typeId, ReadOnlySpan<byte> message) => typeId switch
    {
        EventTypeIds.EniCreateRequested => Read(P.EniCreateRequested.Parser.ParseFrom(message), message),
        EventTypeIds.EniCreated => Read(P.EniCreated.Parser.ParseFrom(message), message),
        EventTypeIds.EniCreateFailed => Read(P.EniCreateFailed.Parser.ParseFrom(message), message),
        EventTypeIds.EniAttached => Read(P.EniAttached.Parser.ParseFrom(message), message),
        EventTypeIds.EniDetachRequested => Read(P.EniDetachRequested.Parser.ParseFrom(message), message),
        EventTypeIds.EniDetachFailed => Read(P.EniDetachFailed.Parser.ParseFrom(message), message),
        EventTypeIds.EniDetached => Read(P.EniDetached.Parser.ParseFrom(message), message),
        EventTypeIds.EniDeleted => Read(P.EniDeleted.Parser.ParseFrom(message), message),
        _ => null,
    };

    private static P.EniCreateRequested Fill(P.EniCreateRequested m, EniCreateRequested e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.ClientToken = e.ClientToken;
        m.SubnetId = e.SubnetId;
        return m;
    }

    private static DomainEvent Read(P.EniCreateRequested m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        return SharedMapping.Keep(new EniCreateRequested(h.Id, h.At, h.Cause, m.ClientToken, m.SubnetId), message, m, m.Meta);
    }

    private static P.EniCreated Fill(P.EniCreated m, EniCreated e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.EniId = e.EniId;
        m.ClientToken = e.ClientToken;
        m.SubnetId = e.SubnetId;
        return m;
    }

    private static DomainEvent Read(P.EniCreated m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        return SharedMapping.Keep(new EniCreated(h.Id, h.At, h.Cause, m.EniId, m.ClientToken, m.SubnetId), message, m, m.Meta);
    }

    private static P.EniCreateFailed Fill(P.EniCreateFailed m, EniCreateFailed e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.ClientToken = e.ClientToken;
        m.ErrorCode = e.ErrorCode;
        m.Message = e.Message;
        return m;
    }

    private static DomainEvent Read(P.EniCreateFailed m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        return SharedMapping.Keep(new EniCreateFailed(h.Id, h.At, h.Cause, m.ClientToken, m.ErrorCode, m.Message), message, m, m.Meta);
    }

    private static P.EniAttached Fill(P.EniAttached m, EniAttached e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.EniId = e.EniId;
        m.DeviceIndex = e.DeviceIndex;
        m.Mac = e.Mac;
        m.SubnetId = e.SubnetId;
        m.SubnetCidr = e.SubnetCidr;
        m.PrimaryIp = e.PrimaryIp.Value;
        m.RouteTableId = e.RouteTableId;
        return m;
    }

    private static DomainEvent Read(P.EniAttached m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        EniAttached e = new(h.Id, h.At, h.Cause, m.EniId, m.DeviceIndex, m.Mac, m.SubnetId, m.SubnetCidr, new Ipv4Address(m.PrimaryIp), m.RouteTableId);
        return SharedMapping.Keep(e, message, m, m.Meta);
    }

    private static P.EniDetachRequested Fill(P.EniDetachRequested m, EniDetachRequested e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.EniId = e.EniId;
        return m;
    }

    private static DomainEvent Read(P.EniDetachRequested m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        return SharedMapping.Keep(new EniDetachRequested(h.Id, h.At, h.Cause, m.EniId), message, m, m.Meta);
    }

    private static P.EniDetachFailed Fill(P.EniDetachFailed m, EniDetachFailed e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.EniId = e.EniId;
        m.ErrorCode = e.ErrorCode;
        m.Message = e.Message;
        return m;
    }

    private static DomainEvent Read(P.EniDetachFailed m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        return SharedMapping.Keep(new EniDetachFailed(h.Id, h.At, h.Cause, m.EniId, m.ErrorCode, m.Message), message, m, m.Meta);
    }

    private static P.EniDetached Fill(P.EniDetached m, EniDetached e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.EniId = e.EniId;
        return m;
    }

    private static DomainEvent Read(P.EniDetached m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        return SharedMapping.Keep(new EniDetached(h.Id, h.At, h.Cause, m.EniId), message, m, m.Meta);
    }

    private static P.EniDeleted Fill(P.EniDeleted m, EniDeleted e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.EniId = e.EniId;
        return m;
    }

    private static DomainEvent Read(P.EniDeleted m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        return SharedMapping.Keep(new EniDeleted(h.Id, h.At, h.Cause, m.EniId), message, m, m.Meta);
    }
}
