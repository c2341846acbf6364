using Google.Protobuf.Collections;

namespace EsCni.Domain.Codec.Mapping;

/// <summary>Prefix-delegation events (prefix_events.proto) ↔ records; a /28 travels as its first address.</summary>
internal static class PrefixEventMapping
{
    public static IMessage? ToMessage(DomainEvent domainEvent) => domainEvent switch
    {
        PoolPrefixesRequested e => Fill(SharedMapping.Seed(P.PoolPrefixesRequested.Parser, e), e),
        PoolPrefixesAdded e => Fill(SharedMapping.Seed(P.PoolPrefixesAdded.Parser, e), e),
        PoolPrefixesRequestFailed e => Fill(SharedMapping.Seed(P.PoolPrefixesRequestFailed.Parser, e), e),
        PoolPrefixesReleaseRequested e => Fill(SharedMapping.Seed(P.PoolPrefixesReleaseRequested.Parser, e), e),
        PoolPrefixesReleaseFailed e => Fill(SharedMapping.Seed(P.PoolPrefixesReleaseFailed.Parser, e), e),
        PoolPrefixesRemoved e => Fill(SharedMapping.Seed(P.PoolPrefixesRemoved.Parser, e), e),
        _ => null,
    };

    public static DomainEvent? FromMessage(ushort typeId, ReadOnlySpan<byte> message) => typeId switch
    {
        EventTypeIds.PoolPrefixesRequested => Read(P.PoolPrefixesRequested.Parser.ParseFrom(message), message),
        EventTypeIds.PoolPrefixesAdded => Read(P.PoolPrefixesAdded.Parser.ParseFrom(message), message),
        EventTypeIds.PoolPrefixesRequestFailed => Read(P.PoolPrefixesRequestFailed.Parser.ParseFrom(message), message),
        EventTypeIds.PoolPrefixesReleaseRequested => Read(P.PoolPrefixesReleaseRequested.Parser.ParseFrom(message), message),
        EventTypeIds.PoolPrefixesReleaseFailed => Read(P.PoolPrefixesReleaseFailed.Parser.ParseFrom(message), message),
        EventTypeIds.PoolPrefixesRemoved => Read(P.PoolPrefixesRemoved.Parser.ParseFrom(message), message),
        _ => null,
    };

    private static P.PoolPrefixesRequested Fill(P.PoolPrefixesRequested m, PoolPrefixesRequested e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.EniId = e.EniId;
        m.Count = e.Count;
        return m;
    }

    private static DomainEvent Read(P.PoolPrefixesRequested m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        return SharedMapping.Keep(new PoolPrefixesRequested(h.Id, h.At, h.Cause, m.EniId, m.Count), message, m, m.Meta);
    }

    private static P.PoolPrefixesAdded Fill(P.PoolPrefixesAdded m, PoolPrefixesAdded e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.EniId = e.EniId;
        Fill(m.Prefixes, e.Prefixes);
        return m;
    }

    private static DomainEvent Read(P.PoolPrefixesAdded m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        return SharedMapping.Keep(new PoolPrefixesAdded(h.Id, h.At, h.Cause, m.EniId, Read(m.Prefixes)), message, m, m.Meta);
    }

    private static P.PoolPrefixesRequestFailed Fill(P.PoolPrefixesRequestFailed m, PoolPrefixesRequestFailed e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.EniId = e.EniId;
        m.ErrorCode = e.ErrorCode;
        m.Message = e.Message;
        return m;
    }

    private static DomainEvent Read(P.PoolPrefixesRequestFailed m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        return SharedMapping.Keep(new PoolPrefixesRequestFailed(h.Id, h.At, h.Cause, m.EniId, m.ErrorCode, m.Message), message, m, m.Meta);
    }

    private static P.PoolPrefixesReleaseRequested Fill(P.PoolPrefixesReleaseRequested m, PoolPrefixesReleaseRequested e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.EniId = e.EniId;
        Fill(m.Prefixes, e.Prefixes);
        return m;
    }

    private static DomainEvent Read(P.PoolPrefixesReleaseRequested m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        return SharedMapping.Keep(new PoolPrefixesReleaseRequested(h.Id, h.At, h.Cause, m.EniId, Read(m.Prefixes)), message, m, m.Meta);
    }

    private static P.PoolPrefixesReleaseFailed Fill(P.PoolPrefixesReleaseFailed m, PoolPrefixesReleaseFailed e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.EniId = e.EniId;
        Fill(m.Prefixes, e.Prefixes);
        m.ErrorCode = e.ErrorCode;
        m.Message = e.Message;
        return m;
    }

    private static DomainEvent Read(P.PoolPrefixesReleaseFailed m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        PoolPrefixesReleaseFailed e = new(h.Id, h.At, h.Cause, m.EniId, Read(m.Prefixes), m.ErrorCode, m.Message);
        return SharedMapping.Keep(e, message, m, m.Meta);
    }

    private static P.PoolPrefixesRemoved Fill(P.PoolPrefixesRemoved m, PoolPrefixesRemoved e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.EniId = e.EniId;
        Fill(m.Prefixes, e.Prefixes);
        return m;
    }

    private static DomainEvent Read(P.PoolPrefixesRemoved m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        return SharedMapping.Keep(new PoolPrefixesRemoved(h.Id, h.At, h.Cause, m.EniId, Read(m.Prefixes)), message, m, m.Meta);
    }

    private static void Fill(RepeatedField<uint> target, ValueList<Ipv4Prefix> prefixes)
    {
        target.Clear();
        foreach (Ipv4Prefix prefix in prefixes.AsSpan())
        {
            target.Add(prefix.Base.Value);
        }
    }

    // A prefix not aligned on /28 is not one EC2 delegates: reading it as one would hand out addresses outside it.
    private static ValueList<Ipv4Prefix> Read(RepeatedField<uint> prefixes)
    {
        Ipv4Prefix[] values = new Ipv4Prefix[prefixes.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = new Ipv4Prefix(new Ipv4Address(prefixes[i]));
            if (!values[i].IsAligned)
            {
                throw new FormatException($"prefix {values[i].Base} is not aligned on a /28 boundary");
            }
        }

        return ValueList<Ipv4Prefix>.FromArray(values);
    }
}
