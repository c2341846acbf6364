using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using EsCni.Domain;
using EsCni.Projections.Ownership;

namespace EsCni.Replay;

/// <summary>The JSON shape of replay output: camelCase, enums as names, IPs as dotted quads, times as RFC 3339.</summary>
public static class ReplayJson
{
    // Fields a later release added to an event or a read model are written only when set, so a journal of an older
    // release prints exactly what that release printed (tests/Golden compares the JSON byte for byte).
    private static readonly HashSet<(Type Type, string Property)> s_newerFields =
    [
        (typeof(IpReleased), nameof(IpReleased.Evidence)),
        (typeof(OwnershipInterval), nameof(OwnershipInterval.ReleaseEvidence)),
        (typeof(OwnershipInterval), nameof(OwnershipInterval.AdoptedFrom)),
    ];

    /// <summary>Options for whole documents (indented).</summary>
    public static JsonSerializerOptions Document { get; } = Create(indented: true);

    /// <summary>Options for JSON Lines (one compact object per line).</summary>
    public static JsonSerializerOptions Lines { get; } = Create(indented: false);

    /// <summary>An event as JSON: {"lsn", "type", "at", "eventId", "cause", ...its fields}.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = TrimmedPublish.OwnTypesKeptWhole)]
    public static JsonObject Event(in RecordedEvent recorded, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        DomainEvent e = recorded.Event;
        JsonObject fields = JsonSerializer.SerializeToNode(e, e.GetType(), options)!.AsObject();
        if (e is IpReleased { RequestId: null })
        {
            // Only a deferred DEL carries the plugin's request id; every other release prints as it always has.
            fields.Remove("requestId");
        }

        JsonObject result = new()
        {
            ["lsn"] = recorded.Lsn,
            ["type"] = e.GetType().Name,
        };
        foreach ((string name, JsonNode? value) in fields.ToList())
        {
            fields.Remove(name);
            result[name] = value;
        }

        return result;
    }

    /// <summary>Writes <paramref name="value"/> as one indented document.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = TrimmedPublish.OwnTypesKeptWhole)]
    public static void Write<T>(TextWriter writer, T value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(JsonSerializer.Serialize(value, Document));
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = TrimmedPublish.OwnTypesKeptWhole)]
    private static JsonSerializerOptions Create(bool indented)
    {
        JsonSerializerOptions options = new(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitUnsetNewerFields } },
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new Ipv4AddressConverter());
        options.Converters.Add(new UtcTimeConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static void OmitUnsetNewerFields(JsonTypeInfo type)
    {
        foreach (JsonPropertyInfo property in type.Properties)
        {
            if (property.AttributeProvider is MemberInfo member && s_newerFields.Contains((type.Type, member.Name)))
            {
                property.ShouldSerialize = static (_, value) => value is not (null or "");
            }
        }
    }

    /// <summary>IPs as "10.0.3.17" instead of their numeric value.</summary>
    private sealed class Ipv4AddressConverter : JsonConverter<Ipv4Address>
    {
        public override Ipv4Address Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Ipv4Address.Parse(reader.GetString() ?? string.Empty);

        public override void Write(Utf8JsonWriter writer, Ipv4Address value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }

    /// <summary>Times as UTC RFC 3339 ("2026-11-27T14:02:00.123Z"), the form every other tool on the node prints.</summary>
    private sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString() ?? string.Empty, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(ReplayFormat.Time(value));
    }
}
