namespace EsCni.Domain.Codec.Mapping;

/// <summary>Pod events (pod_events.proto) ↔ records. The IP is field 2 of all three (see <see cref="EventCodec.TryReadLeadingIp"/>).</summary>
internal static class PodEventMapping
{
    public static IMessage? ToMessage(DomainEvent domainEvent) => domainEvent switch
    {
        IpAllocated e => Fill(SharedMapping.Seed(P.IpAllocated.Parser, e), e),
        IpReleased e => Fill(SharedMapping.Seed(P.IpReleased.Parser, e), e),
        AllocationQuarantined e => Fill(SharedMapping.Seed(P.AllocationQuarantined.Parser, e), e),
        _ => null,
    };

    public static DomainEvent? FromMessage(ushort typeId, ReadOnlySpan<byte> message) => typeId switch
    {
        EventTypeIds.IpAllocated => Read(Parse(ref t_allocated, message), message),
        EventTypeIds.IpReleased => Read(Parse(ref t_released, message), message),
        EventTypeIds.AllocationQuarantined => Read(Parse(ref t_quarantined, message), message),
        _ => null,
    };

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

    private static P.IpAllocated Fill(P.IpAllocated m, IpAllocated e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.Ip = e.Ip.Value;
        m.EniId = e.EniId;
        m.NetworkName = e.Key.NetworkName;
        m.ContainerId = e.Key.ContainerId;
        m.IfName = e.Key.IfName;
        m.PodNamespace = e.Pod.Namespace;
        m.PodName = e.Pod.Name;
        m.PodUid = e.Pod.Uid;
        m.Netns = e.Netns;
        return m;
    }

    private static DomainEvent Read(P.IpAllocated m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        IpAllocated e = new(h.Id, h.At, h.Cause, new Ipv4Address(m.Ip), m.EniId, new IpamKey(m.NetworkName, m.ContainerId, m.IfName),
            new Pod(m.PodNamespace, m.PodName, m.PodUid), m.Netns);
        return SharedMapping.Keep(e, message, m, m.Meta);
    }

    private static P.IpReleased Fill(P.IpReleased m, IpReleased e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.Ip = e.Ip.Value;
        m.NetworkName = e.Key.NetworkName;
        m.ContainerId = e.Key.ContainerId;
        m.IfName = e.Key.IfName;
        m.Reason = (P.ReleaseReason)e.Reason;
        m.RequestId = e.RequestId ?? string.Empty;
        m.Evidence = e.Evidence;
        return m;
    }

    private static DomainEvent Read(P.IpReleased m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        if (!Enum.IsDefined((ReleaseReason)m.Reason))
        {
            // Reasons are only ever appended, and a build never reads a newer release's journal (JournalVersionMarker
            // refuses it), so a value this build does not define is damage, not news.
            throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                $"release reason {(int)m.Reason} is unknown (known: {string.Join(", ", Enum.GetNames<ReleaseReason>())})"));
        }

        IpReleased e = new(h.Id, h.At, h.Cause, new Ipv4Address(m.Ip), new IpamKey(m.NetworkName, m.ContainerId, m.IfName), (ReleaseReason)m.Reason,
            m.RequestId.Length == 0 ? null : m.RequestId)
        {
            Evidence = m.Evidence,
        };
        return SharedMapping.Keep(e, message, m, m.Meta);
    }

    private static P.AllocationQuarantined Fill(P.AllocationQuarantined m, AllocationQuarantined e)
    {
        m.Meta = SharedMapping.Fill(m.Meta, e);
        m.Ip = e.Ip.Value;
        m.NetworkName = e.Key.NetworkName;
        m.ContainerId = e.Key.ContainerId;
        m.IfName = e.Key.IfName;
        m.Evidence = e.Evidence;
        return m;
    }

    private static DomainEvent Read(P.AllocationQuarantined m, ReadOnlySpan<byte> message)
    {
        EventHead h = SharedMapping.Read(m.Meta);
        AllocationQuarantined e = new(h.Id, h.At, h.Cause, new Ipv4Address(m.Ip), new IpamKey(m.NetworkName, m.ContainerId, m.IfName), m.Evidence);
        return SharedMapping.Keep(e, message, m, m.Meta);
    }
}
