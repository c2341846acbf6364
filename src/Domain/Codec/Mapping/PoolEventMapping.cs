namespace EsCni.Domain.Codec.Mapping;

/// <summary>Warm-pool events (pool_events.proto) ↔ records.</summary>
internal static class PoolEventMapping
{
    public static IMessage? ToMessage(DomainEvent domainEvent) => domainEvent switch
    {
        PoolIpsRequested e => Fill(SharedMapping.Seed(P.PoolIpsRequested.Parser, e), e),
        PoolIpsAdded e => Fill(SharedMapping.Seed(P.PoolIpsAdded.Parser, e), e),
        PoolIpsRequestFailed e => Fill(SharedMapping.Seed(P.PoolIpsRequestFailed.Parser, e), e),
        PoolIpsReleaseRequested e => Fill(SharedMapping.Seed(P.PoolIpsReleaseRequested.Parser, e), e),
        PoolIpsReleaseFailed e => Fill(SharedMapping.Seed(P.PoolIpsReleaseFailed.Parser, e), e),
        PoolIpsRemoved e => Fill(SharedMapping.Seed(P.PoolIpsRemoved.Parser, e), e),
        _ => null,
    };

    public static DomainEvent? FromMessage(ushort typeId, ReadOnlySpan<byte> message) => typeId switch
    {
        EventTypeIds.PoolIpsRequested => Read(P.PoolIpsRequested.Parser.ParseFrom(message), message),
        EventTypeIds.PoolIpsAdded => Read(P.PoolIpsAdded.Parser.ParseFrom(message), message),
        EventTypeIds.PoolIpsRequestFailed => Read(P.PoolIpsRequestFailed.Parser.ParseFrom(message), message),
        EventTypeIds.PoolIpsReleaseRequested => Read(P.PoolIpsReleaseRequested.Parser.ParseFrom(message), message),
        EventTypeIds.PoolIpsReleaseFailed => Read(P.PoolIpsReleaseFailed.Parser.ParseFrom(message), message),
        EventTypeIds.PoolIpsRemoved => Read(P.PoolIpsRemoved.Parser.ParseFrom(message), message),
        _ => null,
    };

    private static P.PoolIpsRequested Fill(P.PoolIpsRequested m, PoolIpsRequested e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.EniId = e.EniId;
        m.Count = e.Count;
        return m;
    }

    private static DomainEvent Read(P.PoolIpsRequested m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        return SharedMapping.Keep(new PoolIpsRequested(h.Id, h.At, h.Cause, m.EniId, m.Count), message, m, m.Meta);
    }

    private static P.PoolIpsAdded Fill(P.PoolIpsAdded m, PoolIpsAdded e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.EniId = e.EniId;
        SharedMapping.Fill(m.Ips, e.Ips);
        return m;
    }

    private static DomainEvent Read(P.PoolIpsAdded m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        return SharedMapping.Keep(new PoolIpsAdded(h.Id, h.At, h.Cause, m.EniId, SharedMapping.Read(m.Ips)), message, m, m.Meta);
    }

    private static P.PoolIpsRequestFailed Fill(P.PoolIpsRequestFailed m, PoolIpsRequestFailed e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.EniId = e.EniId;
        m.ErrorCode = e.ErrorCode;
        m.Message = e.Message;
        return m;
    }

    private static DomainEvent Read(P.PoolIpsRequestFailed m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        return SharedMapping.Keep(new PoolIpsRequestFailed(h.Id, h.At, h.Cause, m.EniId, m.ErrorCode, m.Message), message, m, m.Meta);
    }

    private static P.PoolIpsReleaseRequested Fill(P.PoolIpsReleaseRequested m, PoolIpsReleaseRequested e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.EniId = e.EniId;
        SharedMapping.Fill(m.Ips, e.Ips);
        return m;
    }

    private static DomainEvent Read(P.PoolIpsReleaseRequested m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        return SharedMapping.Keep(new PoolIpsReleaseRequested(h.Id, h.At, h.Cause, m.EniId, SharedMapping.Read(m.Ips)), message, m, m.Meta);
    }

    private static P.PoolIpsReleaseFailed Fill(P.PoolIpsReleaseFailed m, PoolIpsReleaseFailed e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.EniId = e.EniId;
        SharedMapping.Fill(m.Ips, e.Ips);
        m.ErrorCode = e.ErrorCode;
        m.Message = e.Message;
        return m;
    }

    private static DomainEvent Read(P.PoolIpsReleaseFailed m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        PoolIpsReleaseFailed e = new(h.Id, h.At, h.Cause, m.EniId, SharedMapping.Read(m.Ips), m.ErrorCode, m.Message);
        return SharedMapping.Keep(e, message, m, m.Meta);
    }

    private static P.PoolIpsRemoved Fill(P.PoolIpsRemoved m, PoolIpsRemoved e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.EniId = e.EniId;
        SharedMapping.Fill(m.Ips, e.Ips);
        return m;
    }

    private static DomainEvent Read(P.PoolIpsRemoved m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        return SharedMapping.Keep(new PoolIpsRemoved(h.Id, h.At, h.Cause, m.EniId, SharedMapping.Read(m.Ips)), message, m, m.Meta);
    }
}
