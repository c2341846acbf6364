namespace EsCni.Domain.Codec.Legacy;

/// <summary>
/// The event layout of EsCni 0.1 (schema version 1 of every type), kept as a reader so every 0.1 journal, snapshot and
/// shipped row stays readable forever. Reading it is the first upcast: 0.1 bytes become today's event records.
/// </summary>
/// <remarks>
/// Payload = [version 1: 1 byte][event id: 16 bytes, RFC 4122 order][at: 8-byte UTC ticks LE + zigzag varint offset
/// minutes][cause: kind byte + three nullable strings][the type's fields in declaration order]. Strings are varint
/// length + UTF-8; nullable strings use length + 1 with 0 for null; IPv4 is 4 bytes LE of the numeric value; lists are
/// varint count + items. Fields are found by position, so this layout can never change: 0.2 writes protobuf (schema
/// version 2, see <see cref="EventCodec"/>) and only reads this one; the 0.1 writers are test code (tests/TestSupport/Legacy).
/// </remarks>
internal static partial class PositionalCodecV1
{
    /// <summary>The schema version byte every 0.1 payload starts with.</summary>
    public const byte Version = 1;

    /// <summary>Decodes a 0.1 payload of a known type (the version byte included); never throws for bad bytes.</summary>
    public static DecodeResult Decode(ushort typeId, ReadOnlySpan<byte> payload)
    {
        PayloadReader reader = new(payload);
        reader.ReadByte();
        DomainEvent? decoded = Read(typeId, ref reader);
        if (reader.Error is null && reader.Remaining != 0)
        {
            reader.Fail(string.Create(CultureInfo.InvariantCulture, $"{reader.Remaining} trailing bytes after the event"));
        }

        if (reader.Error is not null || decoded is null)
        {
            return new DecodeResult(DecodeStatus.Malformed, null,
                string.Create(CultureInfo.InvariantCulture, $"event type id {typeId} version {Version} (EsCni 0.1 layout): {reader.Error}"));
        }

        return new DecodeResult(DecodeStatus.Ok, decoded, null);
    }

    /// <summary>
    /// Reads the IP that IpAllocated, IpReleased and AllocationQuarantined hold first after the cause, without
    /// decoding the rest; <paramref name="reader"/> stands just after the version byte.
    /// </summary>
    public static bool TryReadLeadingIp(ref PayloadReader reader, out Ipv4Address ip)
    {
        reader.Skip(16 + 8);
        reader.ReadVarUInt(); // offset minutes
        reader.ReadByte(); // cause kind
        for (int i = 0; i < 3; i++)
        {
            reader.SkipNullableString();
        }

        ip = reader.ReadIp();
        return reader.Error is null;
    }
}
