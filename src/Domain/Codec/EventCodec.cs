using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using EsCni.Domain.Codec.Legacy;
using EsCni.Domain.Codec.Upcasting;

namespace EsCni.Domain.Codec;

/// <summary>Encodes events to (type id, payload) and back: protobuf with tagged fields, a schema version per type, deterministic.</summary>
/// <remarks>
/// <code>
///  payload = [schema version: varint][body]
///    version 1          body = the EsCni 0.1 positional layout (Legacy/PositionalCodecV1; read, never written)
///    version 2 .. N     body = the protobuf message of the type (proto/escni/events/v1), N = EventSchemas.CurrentVersion
/// </code>
/// The type id travels beside the payload (the journal frame's <c>type</c>, the shipped row's <c>typeId</c>), so the
/// payload's first bytes say how the rest is encoded: every 0.1 payload starts with its version byte 1, every later
/// one with the type's schema version (2 for every type in 0.2). A version older than the current one is read through
/// an upcaster (<see cref="EventUpcasters"/>); a newer version or an unknown type id is reported, never guessed at.
/// Fields a newer release added are kept on the record (<see cref="NewerFields"/>) and written back on re-encoding.
/// Protobuf writes fields in number order, so the same event gives the same bytes. Decoding never throws on bad input:
/// it reports <see cref="DecodeStatus"/> and a message. Evolution rules: docs/journal-format.md §8.
/// </remarks>
public static partial class EventCodec
{
    /// <summary>The release this build belongs to (e.g. 0.2.0), named when a journal holds something newer.</summary>
    public static string Release { get; } =
        typeof(EventCodec).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Encodes an event in the current schema version of its type.</summary>
    /// <exception cref="ArgumentException">The event type has no wire id (a programming error).</exception>
    public static (ushort TypeId, byte[] Payload) Encode(DomainEvent domainEvent)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        IMessage message = ToMessage(domainEvent, out ushort typeId);
        int version = EventSchemas.CurrentVersion(typeId);
        byte[] payload = new byte[VersionBytes(version) + message.CalculateSize()];
        int at = WriteVersion(payload, version);
        message.WriteTo(payload.AsSpan(at));
        return (typeId, payload);
    }

    /// <summary>The wire id of an event's type.</summary>
    /// <exception cref="ArgumentException">The event type has no wire id.</exception>
    public static ushort TypeIdOf(DomainEvent domainEvent) => EventSchemas.TypeIdOf(domainEvent?.GetType() ?? throw new ArgumentNullException(nameof(domainEvent)));

    /// <summary>The schema version a payload was written in (its leading varint), or null when it has none.</summary>
    public static int? VersionOf(ReadOnlySpan<byte> payload)
    {
        PayloadReader reader = new(payload);
        ulong version = reader.ReadVarUInt();
        return reader.Error is null && version <= int.MaxValue ? (int)version : null;
    }

    /// <summary>Decodes a payload of any schema version this build knows; never throws for bad bytes.</summary>
    public static DecodeResult Decode(ushort typeId, ReadOnlySpan<byte> payload)
    {
        PayloadReader reader = new(payload);
        ulong version = reader.ReadVarUInt();
        if (!EventSchemas.IsKnown(typeId))
        {
            string written = reader.Error is null ? string.Create(CultureInfo.InvariantCulture, $" v{version}") : string.Empty;
            return new DecodeResult(DecodeStatus.UnknownType, null, string.Create(CultureInfo.InvariantCulture,
                $"event type {typeId}{written} is newer than this escni-ipamd ({Release}) knows; upgrade escni-ipamd (the daemon and the replay CLI) to read this journal"));
        }

        string name = EventSchemas.NameOf(typeId);
        if (reader.Error is not null)
        {
            return new DecodeResult(DecodeStatus.Malformed, null,
                string.Create(CultureInfo.InvariantCulture, $"event type {typeId} ({name}) has an empty or cut payload; expected at least a schema version"));
        }

        int current = EventSchemas.CurrentVersion(typeId);
        if (version > (ulong)current)
        {
            return new DecodeResult(DecodeStatus.UnknownVersion, null, string.Create(CultureInfo.InvariantCulture,
                $"event type {typeId} ({name}) v{version} is newer than this escni-ipamd ({Release}) knows (it reads up to v{current}); upgrade escni-ipamd (the daemon and the replay CLI)"));
        }

        return version == (ulong)current
            ? DecodeCurrent(typeId, name, current, payload[reader.Position..])
            : EventUpcasters.Upcast(typeId, (int)version, payload);
    }

    /// <summary>Decodes a payload; false with a message for unknown types, unknown versions and malformed bytes.</summary>
    public static bool TryDecode(ushort typeId, ReadOnlySpan<byte> payload, [NotNullWhen(true)] out DomainEvent? domainEvent, [NotNullWhen(false)] out string? error)
    {
        DecodeResult result = Decode(typeId, payload);
        domainEvent = result.Event;
        error = result.Error;
        return result.IsOk;
    }

    private static int VersionBytes(int version) => version < 0x80 ? 1 : version < 0x4000 ? 2 : 3;

    private static int WriteVersion(Span<byte> destination, int version)
    {
        int at = 0;
        uint value = (uint)version;
        while (value >= 0x80)
        {
            destination[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[at++] = (byte)value;
        return at;
    }
}
