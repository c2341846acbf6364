namespace EsCni.Domain.Codec.Mapping;

/// <summary>Every event type's mapping, found by record type (to encode) and by wire type id (to decode).</summary>
/// <remarks>A new event type is one entry in its family's list below; <c>EventCodecTests</c> fails for a type in
/// <see cref="EventSchemas"/> that has none.</remarks>
internal static class EventMaps
{
    private static readonly IEventMap[] s_all =
    [
        .. NodeEventMapping.All,
        .. EniEventMapping.All,
        .. PoolEventMapping.All,
        .. PodEventMapping.All,
        .. HoldEventMapping.All,
        .. AdoptionEventMapping.All,
        .. PrefixEventMapping.All,
        .. Ipv6EventMapping.All,
        .. ReconciliationEventMapping.All,
    ];

    private static readonly Dictionary<Type, IEventMap> s_byType = s_all.ToDictionary(m => m.EventType);
    private static readonly Dictionary<ushort, IEventMap> s_byTypeId = s_all.ToDictionary(m => m.TypeId);

    /// <summary>The mapping of a record's type, or null when it has none (a programming error the caller names).</summary>
    public static IEventMap? Of(Type eventType) => s_byType.GetValueOrDefault(eventType);

    /// <summary>The mapping of a wire type id, or null.</summary>
    public static IEventMap? Of(ushort typeId) => s_byTypeId.GetValueOrDefault(typeId);
}
