namespace EsCni.Domain.Codec.Mapping;

/// <summary>ENI lifecycle events (eni_events.proto) ↔ records.</summary>
internal static class EniEventMapping
{
    public static IEventMap[] All { get; } =
    [
        new EventMap<EniCreateRequested, P.EniCreateRequested>(EventTypeIds.EniCreateRequested,
            static (e, m) => (m.ClientToken, m.SubnetId) = (e.ClientToken, e.SubnetId),
            static (m, h) => new EniCreateRequested(h.Id, h.At, h.Cause, m.ClientToken, m.SubnetId)),
        new EventMap<EniCreated, P.EniCreated>(EventTypeIds.EniCreated,
            static (e, m) => (m.EniId, m.ClientToken, m.SubnetId) = (e.EniId, e.ClientToken, e.SubnetId),
            static (m, h) => new EniCreated(h.Id, h.At, h.Cause, m.EniId, m.ClientToken, m.SubnetId)),
        new EventMap<EniCreateFailed, P.EniCreateFailed>(EventTypeIds.EniCreateFailed,
            static (e, m) => (m.ClientToken, m.ErrorCode, m.Message) = (e.ClientToken, e.ErrorCode, e.Message),
            static (m, h) => new EniCreateFailed(h.Id, h.At, h.Cause, m.ClientToken, m.ErrorCode, m.Message)),
        new EventMap<EniAttached, P.EniAttached>(EventTypeIds.EniAttached,
            static (e, m) =>
            {
                (m.EniId, m.DeviceIndex, m.Mac) = (e.EniId, e.DeviceIndex, e.Mac);
                (m.SubnetId, m.SubnetCidr, m.PrimaryIp, m.RouteTableId) = (e.SubnetId, e.SubnetCidr, e.PrimaryIp.Value, e.RouteTableId);
            },
            static (m, h) => new EniAttached(h.Id, h.At, h.Cause, m.EniId, m.DeviceIndex, m.Mac, m.SubnetId, m.SubnetCidr, new Ipv4Address(m.PrimaryIp), m.RouteTableId)),
        new EventMap<EniDetachRequested, P.EniDetachRequested>(EventTypeIds.EniDetachRequested,
            static (e, m) => m.EniId = e.EniId,
            static (m, h) => new EniDetachRequested(h.Id, h.At, h.Cause, m.EniId)),
        new EventMap<EniDetachFailed, P.EniDetachFailed>(EventTypeIds.EniDetachFailed,
            static (e, m) => (m.EniId, m.ErrorCode, m.Message) = (e.EniId, e.ErrorCode, e.Message),
            static (m, h) => new EniDetachFailed(h.Id, h.At, h.Cause, m.EniId, m.ErrorCode, m.Message)),
        new EventMap<EniDetached, P.EniDetached>(EventTypeIds.EniDetached,
            static (e, m) => m.EniId = e.EniId,
            static (m, h) => new EniDetached(h.Id, h.At, h.Cause, m.EniId)),
        new EventMap<EniDeleted, P.EniDeleted>(EventTypeIds.EniDeleted,
            static (e, m) => m.EniId = e.EniId,
            static (m, h) => new EniDeleted(h.Id, h.At, h.Cause, m.EniId)),
    ];
}
