namespace EsCni.Domain.Codec.Mapping;

/// <summary>Pod events (pod_events.proto) ↔ records. The IP is field 2 of all three (see <see cref="EventCodec.TryReadLeadingIp"/>).</summary>
internal static class PodEventMapping
{
    public static IEventMap[] All { get; } =
    [
        new EventMap<IpAllocated, P.IpAllocated>(EventTypeIds.IpAllocated,
            static (e, m) =>
            {
                (m.Ip, m.EniId, m.Netns) = (e.Ip.Value, e.EniId, e.Netns);
                (m.NetworkName, m.ContainerId, m.IfName) = (e.Key.NetworkName, e.Key.ContainerId, e.Key.IfName);
                (m.PodNamespace, m.PodName, m.PodUid) = (e.Pod.Namespace, e.Pod.Name, e.Pod.Uid);
            },
            static (m, h) => new IpAllocated(h.Id, h.At, h.Cause, new Ipv4Address(m.Ip), m.EniId, KeyOf(m), new Pod(m.PodNamespace, m.PodName, m.PodUid), m.Netns),
            static message => Parse(ref t_allocated, message)),
        new EventMap<IpReleased, P.IpReleased>(EventTypeIds.IpReleased,
            static (e, m) =>
            {
                (m.Ip, m.Reason, m.RequestId, m.Evidence) = (e.Ip.Value, (P.ReleaseReason)e.Reason, e.RequestId ?? string.Empty, e.Evidence);
                (m.NetworkName, m.ContainerId, m.IfName) = (e.Key.NetworkName, e.Key.ContainerId, e.Key.IfName);
            },
            static (m, h) => new IpReleased(h.Id, h.At, h.Cause, new Ipv4Address(m.Ip), KeyOf(m), ReasonOf(m), m.RequestId.Length == 0 ? null : m.RequestId)
            {
                Evidence = m.Evidence,
            },
            static message => Parse(ref t_released, message)),
        new EventMap<AllocationQuarantined, P.AllocationQuarantined>(EventTypeIds.AllocationQuarantined,
            static (e, m) =>
            {
                (m.Ip, m.Evidence) = (e.Ip.Value, e.Evidence);
                (m.NetworkName, m.ContainerId, m.IfName) = (e.Key.NetworkName, e.Key.ContainerId, e.Key.IfName);
            },
            static (m, h) => new AllocationQuarantined(h.Id, h.At, h.Cause, new Ipv4Address(m.Ip), KeyOf(m), m.Evidence),
            static message => Parse(ref t_quarantined, message)),
    ];

    // One message per thread and type, parsed into again for every pod event (see IReusableMessage); thread-static
    // because parallel replays decode on several threads. A record never keeps a reference to these: strings are
    // shared (immutable), everything else is copied out.
    [ThreadStatic]
    private static P.IpAllocated? t_allocated;

    [ThreadStatic]
    private static P.IpReleased? t_released;

    [ThreadStatic]
    private static P.AllocationQuarantined? t_quarantined;

    private static T Parse<T>(ref T? cached, ReadOnlySpan<byte> message)
        where T : class, IMessage<T>, P.IReusableMessage, new()
    {
        T parsed = cached ??= new T();
        parsed.Reset();
        parsed.MergeFrom(message);
        return parsed;
    }

    private static IpamKey KeyOf(P.IPodEventMessage m) => new(m.NetworkName, m.ContainerId, m.IfName);

    private static ReleaseReason ReasonOf(P.IpReleased m) =>
        Enum.IsDefined((ReleaseReason)m.Reason)
            ? (ReleaseReason)m.Reason
            // Reasons are only ever appended, and a build never reads a newer release's journal (JournalVersionMarker
            // refuses it), so a value this build does not define is damage, not news.
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                $"release reason {(int)m.Reason} is unknown (known: {string.Join(", ", Enum.GetNames<ReleaseReason>())})"));
}
