using EsCni.Domain.Codec.Mapping;

namespace EsCni.Domain.Codec;

/// <summary>The current schema version of every type: records ↔ protobuf messages, one mapping class per family.</summary>
public static partial class EventCodec
{
    private static IMessage ToMessage(DomainEvent domainEvent, out ushort typeId)
    {
        typeId = TypeIdOf(domainEvent);
        return NodeEventMapping.ToMessage(domainEvent)
            ?? EniEventMapping.ToMessage(domainEvent)
            ?? PoolEventMapping.ToMessage(domainEvent)
            ?? PodEventMapping.ToMessage(domainEvent)
            ?? HoldEventMapping.ToMessage(domainEvent)
            ?? AdoptionEventMapping.ToMessage(domainEvent)
            ?? PrefixEventMapping.ToMessage(domainEvent)
            ?? ReconciliationEventMapping.ToMessage(domainEvent)
            ?? throw new ArgumentException($"event type {domainEvent.GetType().Name} has no mapping; add it to its family's mapping in Codec/Mapping.", nameof(domainEvent));
    }

    private static DecodeResult DecodeCurrent(ushort typeId, string name, int version, ReadOnlySpan<byte> message)
    {
        try
        {
            DomainEvent? decoded = typeId switch
            {
                < EventTypeIds.EniCreateRequested => NodeEventMapping.FromMessage(typeId, message),
                < EventTypeIds.PoolIpsRequested => EniEventMapping.FromMessage(typeId, message),
                < EventTypeIds.IpAllocated => PoolEventMapping.FromMessage(typeId, message),
                EventTypeIds.IpHeld or EventTypeIds.IpHoldLifted => HoldEventMapping.FromMessage(typeId, message),
                EventTypeIds.IpAdopted => AdoptionEventMapping.FromMessage(typeId, message),
                EventTypeIds.PoolPrefixesRequested or EventTypeIds.PoolPrefixesAdded or EventTypeIds.PoolPrefixesRequestFailed
                    or EventTypeIds.PoolPrefixesReleaseRequested or EventTypeIds.PoolPrefixesReleaseFailed or EventTypeIds.PoolPrefixesRemoved
                    => PrefixEventMapping.FromMessage(typeId, message),
                < EventTypeIds.DriftDetected => PodEventMapping.FromMessage(typeId, message),
                _ => ReconciliationEventMapping.FromMessage(typeId, message),
            };
            return decoded is null
                ? Malformed(typeId, name, version, "no mapping for this type id")
                : new DecodeResult(DecodeStatus.Ok, decoded, null);
        }
        catch (InvalidProtocolBufferException ex)
        {
            return Malformed(typeId, name, version, ex.Message);
        }
        catch (FormatException ex)
        {
            return Malformed(typeId, name, version, ex.Message);
        }
    }

    private static DecodeResult Malformed(ushort typeId, string name, int version, string what) =>
        new(DecodeStatus.Malformed, null, string.Create(CultureInfo.InvariantCulture, $"event type {typeId} ({name}) v{version}: {what}"));
}
