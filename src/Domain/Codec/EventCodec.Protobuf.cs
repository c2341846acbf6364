using EsCni.Domain.Codec.Mapping;

namespace EsCni.Domain.Codec;

/// <summary>The current schema version of every type: records ↔ protobuf messages, one mapping per type, listed by family (Mapping/EventMaps).</summary>
public static partial class EventCodec
{
    private static IMessage ToMessage(DomainEvent domainEvent, out ushort typeId)
    {
        typeId = TypeIdOf(domainEvent);
        return (EventMaps.Of(domainEvent.GetType())
            ?? throw new ArgumentException($"event type {domainEvent.GetType().Name} has no mapping; add it to its family's list in Codec/Mapping.", nameof(domainEvent)))
            .ToMessage(domainEvent);
    }

    private static DecodeResult DecodeCurrent(ushort typeId, string name, int version, ReadOnlySpan<byte> message)
    {
        try
        {
            DomainEvent? decoded = EventMaps.Of(typeId)?.FromMessage(message);
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
