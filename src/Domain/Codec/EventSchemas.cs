namespace EsCni.Domain.Codec;

/// <summary>The event types this build knows: wire id, name and the schema version it writes.</summary>
/// <remarks>
/// Version 1 of every type is the EsCni 0.1 positional layout; version 2 is its protobuf message in
/// proto/escni/events/v1. A compatible change (a new optional field) keeps the version. A change of meaning bumps
/// only that type's version here, keeps the old message as <c>&lt;Type&gt;V&lt;n&gt;</c> in the proto files and adds an
/// upcaster from it (<see cref="Upcasting.EventUpcasters"/>); docs/journal-format.md §8 has the rules.
/// </remarks>
public static class EventSchemas
{
    /// <summary>The schema version of the first protobuf messages (EsCni 0.2).</summary>
    public const int FirstProtobufVersion = 2;

    /// <summary>True when this build knows the type id.</summary>
    public static bool IsKnown(ushort typeId) => NameOrNull(typeId) is not null;

    /// <summary>The type's name (the record's name), or <c>type-N</c> for an id this build does not know.</summary>
    public static string NameOf(ushort typeId) => NameOrNull(typeId) ?? $"type-{typeId}";

    /// <summary>The schema version this build writes for the type; 0 for an unknown type.</summary>
    public static int CurrentVersion(ushort typeId) => IsKnown(typeId) ? FirstProtobufVersion : 0;

    /// <summary>The wire id of an event record type.</summary>
    /// <exception cref="ArgumentException">The type has no wire id.</exception>
    public static ushort TypeIdOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Name switch
        {
            nameof(NodeStarted) => EventTypeIds.NodeStarted,
            nameof(NodeStopped) => EventTypeIds.NodeStopped,
            nameof(EniCreateRequested) => EventTypeIds.EniCreateRequested,
            nameof(EniCreated) => EventTypeIds.EniCreated,
            nameof(EniCreateFailed) => EventTypeIds.EniCreateFailed,
            nameof(EniAttached) => EventTypeIds.EniAttached,
            nameof(EniDetachRequested) => EventTypeIds.EniDetachRequested,
            nameof(EniDetachFailed) => EventTypeIds.EniDetachFailed,
            nameof(EniDetached) => EventTypeIds.EniDetached,
            nameof(EniDeleted) => EventTypeIds.EniDeleted,
            nameof(PoolIpsRequested) => EventTypeIds.PoolIpsRequested,
            nameof(PoolIpsAdded) => EventTypeIds.PoolIpsAdded,
            nameof(PoolIpsRequestFailed) => EventTypeIds.PoolIpsRequestFailed,
            nameof(PoolIpsReleaseRequested) => EventTypeIds.PoolIpsReleaseRequested,
            nameof(PoolIpsReleaseFailed) => EventTypeIds.PoolIpsReleaseFailed,
            nameof(PoolIpsRemoved) => EventTypeIds.PoolIpsRemoved,
            nameof(IpAllocated) => EventTypeIds.IpAllocated,
            nameof(IpReleased) => EventTypeIds.IpReleased,
            nameof(AllocationQuarantined) => EventTypeIds.AllocationQuarantined,
            nameof(IpHeld) => EventTypeIds.IpHeld,
            nameof(IpHoldLifted) => EventTypeIds.IpHoldLifted,
            nameof(IpAdopted) => EventTypeIds.IpAdopted,
            nameof(EniAdopted) => EventTypeIds.EniAdopted,
            nameof(PoolPrefixesRequested) => EventTypeIds.PoolPrefixesRequested,
            nameof(PoolPrefixesAdded) => EventTypeIds.PoolPrefixesAdded,
            nameof(PoolPrefixesRequestFailed) => EventTypeIds.PoolPrefixesRequestFailed,
            nameof(PoolPrefixesReleaseRequested) => EventTypeIds.PoolPrefixesReleaseRequested,
            nameof(PoolPrefixesReleaseFailed) => EventTypeIds.PoolPrefixesReleaseFailed,
            nameof(PoolPrefixesRemoved) => EventTypeIds.PoolPrefixesRemoved,
            nameof(Ipv6PrefixRequested) => EventTypeIds.Ipv6PrefixRequested,
            nameof(Ipv6PrefixAdded) => EventTypeIds.Ipv6PrefixAdded,
            nameof(Ipv6PrefixRequestFailed) => EventTypeIds.Ipv6PrefixRequestFailed,
            nameof(Ipv6Allocated) => EventTypeIds.Ipv6Allocated,
            nameof(Ipv6Released) => EventTypeIds.Ipv6Released,
            nameof(Ipv6CursorAdvanced) => EventTypeIds.Ipv6CursorAdvanced,
            nameof(DriftDetected) => EventTypeIds.DriftDetected,
            nameof(DriftResolved) => EventTypeIds.DriftResolved,
            _ => throw new ArgumentException($"event type {type.Name} has no wire id; add it to EventTypeIds, EventSchemas and its mapping.", nameof(type)),
        };
    }

    private static string? NameOrNull(ushort typeId) => typeId switch
    {
        EventTypeIds.NodeStarted => nameof(NodeStarted),
        EventTypeIds.NodeStopped => nameof(NodeStopped),
        EventTypeIds.EniCreateRequested => nameof(EniCreateRequested),
        EventTypeIds.EniCreated => nameof(EniCreated),
        EventTypeIds.EniCreateFailed => nameof(EniCreateFailed),
        EventTypeIds.EniAttached => nameof(EniAttached),
        EventTypeIds.EniDetachRequested => nameof(EniDetachRequested),
        EventTypeIds.EniDetachFailed => nameof(EniDetachFailed),
        EventTypeIds.EniDetached => nameof(EniDetached),
        EventTypeIds.EniDeleted => nameof(EniDeleted),
        EventTypeIds.PoolIpsRequested => nameof(PoolIpsRequested),
        EventTypeIds.PoolIpsAdded => nameof(PoolIpsAdded),
        EventTypeIds.PoolIpsRequestFailed => nameof(PoolIpsRequestFailed),
        EventTypeIds.PoolIpsReleaseRequested => nameof(PoolIpsReleaseRequested),
        EventTypeIds.PoolIpsReleaseFailed => nameof(PoolIpsReleaseFailed),
        EventTypeIds.PoolIpsRemoved => nameof(PoolIpsRemoved),
        EventTypeIds.IpAllocated => nameof(IpAllocated),
        EventTypeIds.IpReleased => nameof(IpReleased),
        EventTypeIds.AllocationQuarantined => nameof(AllocationQuarantined),
        EventTypeIds.IpHeld => nameof(IpHeld),
        EventTypeIds.IpHoldLifted => nameof(IpHoldLifted),
        EventTypeIds.IpAdopted => nameof(IpAdopted),
        EventTypeIds.EniAdopted => nameof(EniAdopted),
        EventTypeIds.PoolPrefixesRequested => nameof(PoolPrefixesRequested),
        EventTypeIds.PoolPrefixesAdded => nameof(PoolPrefixesAdded),
        EventTypeIds.PoolPrefixesRequestFailed => nameof(PoolPrefixesRequestFailed),
        EventTypeIds.PoolPrefixesReleaseRequested => nameof(PoolPrefixesReleaseRequested),
        EventTypeIds.PoolPrefixesReleaseFailed => nameof(PoolPrefixesReleaseFailed),
        EventTypeIds.PoolPrefixesRemoved => nameof(PoolPrefixesRemoved),
        EventTypeIds.Ipv6PrefixRequested => nameof(Ipv6PrefixRequested),
        EventTypeIds.Ipv6PrefixAdded => nameof(Ipv6PrefixAdded),
        EventTypeIds.Ipv6PrefixRequestFailed => nameof(Ipv6PrefixRequestFailed),
        EventTypeIds.Ipv6Allocated => nameof(Ipv6Allocated),
        EventTypeIds.Ipv6Released => nameof(Ipv6Released),
        EventTypeIds.Ipv6CursorAdvanced => nameof(Ipv6CursorAdvanced),
        EventTypeIds.DriftDetected => nameof(DriftDetected),
        EventTypeIds.DriftResolved => nameof(DriftResolved),
        _ => null,
    };
}
