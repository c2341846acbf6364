using Google.Protobuf.Collections;

namespace EsCni.Domain.Codec.Mapping;

/// <summary>Prefix-delegation events (prefix_events.proto) ↔ records; a /28 travels as its first address.</summary>
internal static class PrefixEventMapping
{
    public static IEventMap[] All { get; } =
    [
        new EventMap<PoolPrefixesRequested, P.PoolPrefixesRequested>(EventTypeIds.PoolPrefixesRequested,
            static (e, m) => (m.EniId, m.Count) = (e.EniId, e.Count),
            static (m, h) => new PoolPrefixesRequested(h.Id, h.At, h.Cause, m.EniId, m.Count)),
        new EventMap<PoolPrefixesAdded, P.PoolPrefixesAdded>(EventTypeIds.PoolPrefixesAdded,
            static (e, m) => { m.EniId = e.EniId; Fill(m.Prefixes, e.Prefixes); },
            static (m, h) => new PoolPrefixesAdded(h.Id, h.At, h.Cause, m.EniId, Read(m.Prefixes))),
        new EventMap<PoolPrefixesRequestFailed, P.PoolPrefixesRequestFailed>(EventTypeIds.PoolPrefixesRequestFailed,
            static (e, m) => (m.EniId, m.ErrorCode, m.Message) = (e.EniId, e.ErrorCode, e.Message),
            static (m, h) => new PoolPrefixesRequestFailed(h.Id, h.At, h.Cause, m.EniId, m.ErrorCode, m.Message)),
        new EventMap<PoolPrefixesReleaseRequested, P.PoolPrefixesReleaseRequested>(EventTypeIds.PoolPrefixesReleaseRequested,
            static (e, m) => { m.EniId = e.EniId; Fill(m.Prefixes, e.Prefixes); },
            static (m, h) => new PoolPrefixesReleaseRequested(h.Id, h.At, h.Cause, m.EniId, Read(m.Prefixes))),
        new EventMap<PoolPrefixesReleaseFailed, P.PoolPrefixesReleaseFailed>(EventTypeIds.PoolPrefixesReleaseFailed,
            static (e, m) =>
            {
                (m.EniId, m.ErrorCode, m.Message) = (e.EniId, e.ErrorCode, e.Message);
                Fill(m.Prefixes, e.Prefixes);
            },
            static (m, h) => new PoolPrefixesReleaseFailed(h.Id, h.At, h.Cause, m.EniId, Read(m.Prefixes), m.ErrorCode, m.Message)),
        new EventMap<PoolPrefixesRemoved, P.PoolPrefixesRemoved>(EventTypeIds.PoolPrefixesRemoved,
            static (e, m) => { m.EniId = e.EniId; Fill(m.Prefixes, e.Prefixes); },
            static (m, h) => new PoolPrefixesRemoved(h.Id, h.At, h.Cause, m.EniId, Read(m.Prefixes))),
    ];

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
