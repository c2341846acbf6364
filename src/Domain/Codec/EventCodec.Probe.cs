using EsCni.Domain.Codec.Legacy;

namespace EsCni.Domain.Codec;

/// <summary>Reads the IP of a pod event without decoding it, for `replay who-had` over millions of records.</summary>
public static partial class EventCodec
{
    // Tags of the two leading fields of every pod event message (pod_events.proto): field 1 `meta` length-delimited
    // ((1 << 3) | 2), field 2 `ip` fixed32 ((2 << 3) | 5). Protobuf writes fields in number order, so they come first.
    private const byte MetaTag = 0x0A;
    private const byte IpTag = 0x15;

    /// <summary>True for the event types whose IP can be read by <see cref="TryReadLeadingIp"/>: IpAllocated, IpReleased, AllocationQuarantined, IpHeld, IpHoldLifted, IpAdopted.</summary>
    public static bool CarriesLeadingIp(ushort typeId) =>
        typeId is EventTypeIds.IpAllocated or EventTypeIds.IpReleased or EventTypeIds.AllocationQuarantined or EventTypeIds.IpHeld or EventTypeIds.IpHoldLifted
            or EventTypeIds.IpAdopted;

    /// <summary>
    /// Reads the IP of a pod event payload (0.1 layout or schema version 2); false when the payload is in any other
    /// shape, including an IP of 0.0.0.0 that protobuf leaves out — decode those instead, never drop them.
    /// </summary>
    public static bool TryReadLeadingIp(ReadOnlySpan<byte> payload, out Ipv4Address ip)
    {
        ip = default;
        PayloadReader reader = new(payload);
        ulong version = reader.ReadVarUInt();
        if (version == PositionalCodecV1.Version)
        {
            return PositionalCodecV1.TryReadLeadingIp(ref reader, out ip);
        }

        if (version != (ulong)EventSchemas.CurrentVersion(EventTypeIds.IpAllocated) || !TrySkipMeta(ref reader) || reader.ReadByte() != IpTag)
        {
            return false;
        }

        ip = reader.ReadIp();
        return reader.Error is null;
    }

    // Skips field 1 (the meta) of a schema-2 payload whose version varint was read; false when it is not there whole.
    private static bool TrySkipMeta(ref PayloadReader reader)
    {
        if (reader.ReadByte() != MetaTag)
        {
            return false;
        }

        ulong metaLength = reader.ReadVarUInt();
        if (metaLength > (ulong)reader.Remaining)
        {
            return false;
        }

        reader.Skip((int)metaLength);
        return reader.Error is null;
    }
}
