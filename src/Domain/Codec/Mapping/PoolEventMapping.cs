namespace EsCni.Domain.Codec.Mapping;

/// <summary>Warm-pool events (pool_events.proto) ↔ records.</summary>
internal static class PoolEventMapping
{
    public static IEventMap[] All { get; } =
    [
        new EventMap<PoolIpsRequested, P.PoolIpsRequested>(EventTypeIds.PoolIpsRequested,
            static (e, m) => (m.EniId, m.Count) = (e.EniId, e.Count),
            static (m, h) => new PoolIpsRequested(h.Id, h.At, h.Cause, m.EniId, m.Count)),
        new EventMap<PoolIpsAdded, P.PoolIpsAdded>(EventTypeIds.PoolIpsAdded,
            static (e, m) => { m.EniId = e.EniId; SharedMapping.Fill(m.Ips, e.Ips); },
            static (m, h) => new PoolIpsAdded(h.Id, h.At, h.Cause, m.EniId, SharedMapping.Read(m.Ips))),
        new EventMap<PoolIpsRequestFailed, P.PoolIpsRequestFailed>(EventTypeIds.PoolIpsRequestFailed,
            static (e, m) => (m.EniId, m.ErrorCode, m.Message) = (e.EniId, e.ErrorCode, e.Message),
            static (m, h) => new PoolIpsRequestFailed(h.Id, h.At, h.Cause, m.EniId, m.ErrorCode, m.Message)),
        new EventMap<PoolIpsReleaseRequested, P.PoolIpsReleaseRequested>(EventTypeIds.PoolIpsReleaseRequested,
            static (e, m) => { m.EniId = e.EniId; SharedMapping.Fill(m.Ips, e.Ips); },
            static (m, h) => new PoolIpsReleaseRequested(h.Id, h.At, h.Cause, m.EniId, SharedMapping.Read(m.Ips))),
        new EventMap<PoolIpsReleaseFailed, P.PoolIpsReleaseFailed>(EventTypeIds.PoolIpsReleaseFailed,
            static (e, m) =>
            {
                (m.EniId, m.ErrorCode, m.Message) = (e.EniId, e.ErrorCode, e.Message);
                SharedMapping.Fill(m.Ips, e.Ips);
            },
            static (m, h) => new PoolIpsReleaseFailed(h.Id, h.At, h.Cause, m.EniId, SharedMapping.Read(m.Ips), m.ErrorCode, m.Message)),
        new EventMap<PoolIpsRemoved, P.PoolIpsRemoved>(EventTypeIds.PoolIpsRemoved,
            static (e, m) => { m.EniId = e.EniId; SharedMapping.Fill(m.Ips, e.Ips); },
            static (m, h) => new PoolIpsRemoved(h.Id, h.At, h.Cause, m.EniId, SharedMapping.Read(m.Ips))),
    ];
}
