using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using EsCni.Domain.Events;

namespace EsCni.Domain.Codec;

/// <summary>Encodes events to (type id, payload) and back: binary, versioned per type, deterministic (same event, same bytes).</summary>
/// <remarks>
/// Payload = [schema version: 1 byte][event id: 16 bytes, RFC 4122 order][at: 8-byte UTC ticks LE + zigzag varint
/// offset minutes][cause: kind byte + three nullable strings][the type's fields in declaration order].
/// Strings are varint length + UTF-8; nullable strings use length + 1 with 0 for null; IPv4 is 4 bytes LE of the
/// numeric value; lists are varint count + items. Decoding never throws on bad input: it reports
/// <see cref="DecodeStatus"/> and a message. To change a type's layout, bump its version constant and keep
/// decoding the old one.
/// </remarks>
public static partial class EventCodec
{
    /// <summary>The schema version every type is written with by this build.</summary>
    public const byte CurrentVersion = 1;

    /// <summary>Encodes an event.</summary>
    /// <exception cref="ArgumentException">The event type has no wire id (a programming error).</exception>
    public static (ushort TypeId, byte[] Payload) Encode(DomainEvent domainEvent)
    {
        PayloadWriter writer = new();
        ushort typeId = Write(domainEvent, writer);
        return (typeId, writer.ToArray());
    }

    /// <summary>The wire id of an event's type.</summary>
    /// <exception cref="ArgumentException">The event type has no wire id.</exception>
    public static ushort TypeIdOf(DomainEvent domainEvent) => TypeIdOf(domainEvent?.GetType() ?? throw new ArgumentNullException(nameof(domainEvent)));

    /// <summary>Decodes a payload; never throws for bad bytes.</summary>
    public static DecodeResult Decode(ushort typeId, ReadOnlySpan<byte> payload)
    {
        if (!IsKnownType(typeId))
        {
            return new DecodeResult(DecodeStatus.UnknownType, null,
                string.Create(CultureInfo.InvariantCulture, $"event type id {typeId} is unknown to this build; upgrade escni-ipamd to read this journal"));
        }

        if (payload.IsEmpty)
        {
            return new DecodeResult(DecodeStatus.Malformed, null,
                string.Create(CultureInfo.InvariantCulture, $"event type id {typeId} has an empty payload; expected at least a version byte"));
        }

        byte version = payload[0];
        if (version != CurrentVersion)
        {
            return new DecodeResult(DecodeStatus.UnknownVersion, null,
                string.Create(CultureInfo.InvariantCulture, $"event type id {typeId} has schema version {version}, this build reads version {CurrentVersion}; upgrade escni-ipamd"));
        }

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
                string.Create(CultureInfo.InvariantCulture, $"event type id {typeId} version {version}: {reader.Error}"));
        }

        return new DecodeResult(DecodeStatus.Ok, decoded, null);
    }

    /// <summary>Decodes a payload; false with a message for unknown types, unknown versions and malformed bytes.</summary>
    public static bool TryDecode(ushort typeId, ReadOnlySpan<byte> payload, [NotNullWhen(true)] out DomainEvent? domainEvent, [NotNullWhen(false)] out string? error)
    {
        DecodeResult result = Decode(typeId, payload);
        domainEvent = result.Event;
        error = result.Error;
        return result.IsOk;
    }
}
