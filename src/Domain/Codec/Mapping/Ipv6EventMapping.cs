namespace EsCni.Domain.Codec.Mapping;

/// <summary>IPv6 events (ipv6_events.proto) ↔ records; an address travels as its 16 bytes, a prefix as network bytes and length.</summary>
/// <remarks>
/// IPv6 pod events are a small share of a journal next to the IPv4 ones only on mixed fleets; on an IPv6 node they
/// are most of it, but they parse with the generated parser (no reused message) until a benchmark says otherwise.
/// </remarks>
internal static class Ipv6EventMapping
{
    public static IEventMap[] All { get; } =
    [
        new EventMap<Ipv6PrefixRequested, P.Ipv6PrefixRequested>(EventTypeIds.Ipv6PrefixRequested,
            static (e, m) => m.EniId = e.EniId,
            static (m, h) => new Ipv6PrefixRequested(h.Id, h.At, h.Cause, m.EniId)),
        new EventMap<Ipv6PrefixAdded, P.Ipv6PrefixAdded>(EventTypeIds.Ipv6PrefixAdded,
            static (e, m) => (m.EniId, m.PrefixNetwork, m.PrefixLength, m.Source) = (e.EniId, Bytes(e.Prefix.Network), e.Prefix.Length, e.Source),
            static (m, h) => new Ipv6PrefixAdded(h.Id, h.At, h.Cause, m.EniId, PrefixOf(m.PrefixNetwork, m.PrefixLength), m.Source)),
        new EventMap<Ipv6PrefixRequestFailed, P.Ipv6PrefixRequestFailed>(EventTypeIds.Ipv6PrefixRequestFailed,
            static (e, m) => (m.EniId, m.Error) = (e.EniId, e.Error),
            static (m, h) => new Ipv6PrefixRequestFailed(h.Id, h.At, h.Cause, m.EniId, m.Error)),
        new EventMap<Ipv6Allocated, P.Ipv6Allocated>(EventTypeIds.Ipv6Allocated,
            static (e, m) =>
            {
                (m.Address, m.EniId, m.Netns, m.Source) = (Bytes(e.Address), e.EniId, e.Netns, e.Source);
                (m.NetworkName, m.ContainerId, m.IfName) = (e.Key.NetworkName, e.Key.ContainerId, e.Key.IfName);
                (m.PodNamespace, m.PodName, m.PodUid) = (e.Pod.Namespace, e.Pod.Name, e.Pod.Uid);
            },
            static (m, h) => new Ipv6Allocated(h.Id, h.At, h.Cause, AddressOf(m.Address), m.EniId, new IpamKey(m.NetworkName, m.ContainerId, m.IfName),
                new Pod(m.PodNamespace, m.PodName, m.PodUid), m.Netns)
            {
                Source = m.Source,
            }),
        new EventMap<Ipv6Released, P.Ipv6Released>(EventTypeIds.Ipv6Released,
            static (e, m) =>
            {
                (m.Address, m.EniId, m.Reason, m.RequestId, m.Evidence) = (Bytes(e.Address), e.EniId, (P.ReleaseReason)e.Reason, e.RequestId ?? string.Empty, e.Evidence);
                (m.NetworkName, m.ContainerId, m.IfName) = (e.Key.NetworkName, e.Key.ContainerId, e.Key.IfName);
                (m.PodNamespace, m.PodName, m.PodUid) = (e.Pod.Namespace, e.Pod.Name, e.Pod.Uid);
            },
            static (m, h) => new Ipv6Released(h.Id, h.At, h.Cause, AddressOf(m.Address), m.EniId, new IpamKey(m.NetworkName, m.ContainerId, m.IfName),
                new Pod(m.PodNamespace, m.PodName, m.PodUid), ReasonOf(m.Reason), m.RequestId.Length == 0 ? null : m.RequestId)
            {
                Evidence = m.Evidence,
            }),
        new EventMap<Ipv6CursorAdvanced, P.Ipv6CursorAdvanced>(EventTypeIds.Ipv6CursorAdvanced,
            static (e, m) => (m.EniId, m.InUse, m.NextOffset, m.Evidence) = (e.EniId, Bytes(e.InUse), e.NextOffset, e.Evidence),
            static (m, h) => new Ipv6CursorAdvanced(h.Id, h.At, h.Cause, m.EniId, AddressOf(m.InUse), m.NextOffset, m.Evidence)),
    ];

    /// <summary>The address's 16 bytes for a message field.</summary>
    public static ByteString Bytes(Ipv6Address address)
    {
        Span<byte> bytes = stackalloc byte[Ipv6Address.ByteCount];
        address.WriteBytes(bytes);
        return ByteString.CopyFrom(bytes);
    }

    /// <summary>An address from a message field; anything but 16 bytes is damage.</summary>
    public static Ipv6Address AddressOf(ByteString bytes) => bytes.Length == Ipv6Address.ByteCount
        ? Ipv6Address.FromBytes(bytes.Span)
        : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"an IPv6 address field holds {bytes.Length} bytes, not {Ipv6Address.ByteCount}"));

    /// <summary>A prefix from its network bytes and length; a length over 128 or set host bits are damage.</summary>
    public static Ipv6Prefix PrefixOf(ByteString network, int length)
    {
        Ipv6Prefix prefix = new(AddressOf(network), length);
        return prefix.IsValid ? prefix
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"IPv6 prefix {prefix.Network}/{length} has a length outside 0..128 or host bits set"));
    }

    // Same rule as the IPv4 pod events: reasons are only appended, so an unknown one is damage.
    private static ReleaseReason ReasonOf(P.ReleaseReason reason) =>
        Enum.IsDefined((ReleaseReason)reason)
            ? (ReleaseReason)reason
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                $"release reason {(int)reason} is unknown (known: {string.Join(", ", Enum.GetNames<ReleaseReason>())})"));
}
