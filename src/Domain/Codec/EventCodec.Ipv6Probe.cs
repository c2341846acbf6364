using EsCni.Domain.Codec.Legacy;

namespace EsCni.Domain.Codec;

/// <summary>Reads the address of an IPv6 pod event without decoding it, for the <c>.ipv6</c> who-had index.</summary>
public static partial class EventCodec
{
    // Field 2 `address` of Ipv6Allocated / Ipv6Released (ipv6_events.proto) is length-delimited ((2 << 3) | 2), 16 bytes.
    private const byte Ipv6AddressTag = 0x12;

    /// <summary>True for the event types whose address <see cref="TryReadLeadingIpv6"/> reads: Ipv6Allocated, Ipv6Released.</summary>
    public static bool CarriesLeadingIpv6(ushort typeId) => typeId is EventTypeIds.Ipv6Allocated or EventTypeIds.Ipv6Released;

    /// <summary>
    /// Reads the address of an IPv6 pod event payload (schema version 2: the meta, then the 16 address bytes); false for
    /// any other shape (e.g. an address protobuf left out) — decode those instead, never drop them.
    /// </summary>
    public static bool TryReadLeadingIpv6(ReadOnlySpan<byte> payload, out Ipv6Address address)
    {
        address = default;
        PayloadReader reader = new(payload);
        if (reader.ReadVarUInt() != (ulong)EventSchemas.CurrentVersion(EventTypeIds.Ipv6Allocated) || !TrySkipMeta(ref reader)
            || reader.ReadByte() != Ipv6AddressTag || reader.ReadByte() != Ipv6Address.ByteCount || reader.Error is not null
            || reader.Remaining < Ipv6Address.ByteCount)
        {
            return false;
        }

        address = Ipv6Address.FromBytes(payload.Slice(reader.Position, Ipv6Address.ByteCount));
        return true;
    }
}
