namespace EsCni.Domain.Codec.Mapping;

/// <summary>Node events (node_events.proto) ↔ records.</summary>
internal static class NodeEventMapping
{
    public static IEventMap[] All { get; } =
    [
        new EventMap<NodeStarted, P.NodeStarted>(EventTypeIds.NodeStarted,
            static (e, m) =>
            {
                m.InstanceId = e.InstanceId;
                m.InstanceType = e.InstanceType;
                m.AvailabilityZone = e.AvailabilityZone;
                m.VpcCidrs.Clear();
                m.VpcCidrs.AddRange(e.VpcCidrs);
                m.MaxEnis = e.MaxEnis;
                m.IpsPerEni = e.IpsPerEni;
                m.Build = e.Build;
                m.IpCooldownTicks = e.IpCooldown.Ticks;
            },
            static (m, h) => new NodeStarted(h.Id, h.At, h.Cause, m.InstanceId, m.InstanceType, m.AvailabilityZone, new ValueList<string>(m.VpcCidrs),
                m.MaxEnis, m.IpsPerEni, m.Build, TimeSpan.FromTicks(m.IpCooldownTicks))),
        new EventMap<NodeStopped, P.NodeStopped>(EventTypeIds.NodeStopped,
            static (e, m) => m.Reason = e.Reason,
            static (m, h) => new NodeStopped(h.Id, h.At, h.Cause, m.Reason)),
    ];
}
