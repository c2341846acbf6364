using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using EsCni.Domain;
using EsCni.Domain.Codec;
using EsCni.Domain.Events;
using EsCni.Journal;

namespace EsCni.ClusterStore;

/// <summary>Maps journal records to <see cref="ShippedEvent"/>s and back (the restore path), losslessly.</summary>
public static class ShippedEventMapping
{
    private static readonly JsonSerializerOptions s_fieldOptions = new() { Converters = { new Ipv4AddressTextConverter() } };

    /// <summary>The cluster-store form of one journal record.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = TrimmedPublish.OwnTypesKeptWhole)]
    public static ShippedEvent ToShipped(in JournalRecord record, string node, Guid incarnation)
    {
        DecodeResult decoded = EventCodec.Decode(record.Type, record.Payload.Span);
        return new ShippedEvent
        {
            Node = node,
            Incarnation = incarnation,
            Lsn = record.Lsn,
            EventId = record.EventId,
            TypeId = record.Type,
            SchemaVersion = EventCodec.VersionOf(record.Payload.Span) ?? 0,
            Type = decoded.IsOk ? decoded.Event.GetType().Name : string.Create(CultureInfo.InvariantCulture, $"unknown-type-{record.Type}"),
            At = FromMicros(record.TimestampMicros),
            Fields = decoded.IsOk ? JsonSerializer.SerializeToElement(decoded.Event, decoded.Event.GetType(), s_fieldOptions) : null,
            Payload = record.Payload.ToArray(),
        };
    }

    /// <summary>The journal entry that reproduces the original frame (same id, type, timestamp and bytes).</summary>
    public static JournalEntry ToJournalEntry(ShippedEvent shipped)
    {
        ArgumentNullException.ThrowIfNull(shipped);
        return new JournalEntry(shipped.EventId, checked((ushort)shipped.TypeId), ToMicros(shipped.At), shipped.Payload);
    }

    /// <summary>Decodes the payload back into the domain event; null when this build cannot read it.</summary>
    public static DomainEvent? Decode(ShippedEvent shipped)
    {
        ArgumentNullException.ThrowIfNull(shipped);
        DecodeResult decoded = EventCodec.Decode(checked((ushort)shipped.TypeId), shipped.Payload);
        return decoded.IsOk ? decoded.Event : null;
    }

    /// <summary>Unix microseconds (the journal's timestamp unit) as a UTC time.</summary>
    public static DateTimeOffset FromMicros(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);

    /// <summary>A time as unix microseconds.</summary>
    public static long ToMicros(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
