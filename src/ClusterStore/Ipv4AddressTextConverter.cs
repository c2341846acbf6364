using System.Text.Json;
using System.Text.Json.Serialization;
using EsCni.Domain.Net;

namespace EsCni.ClusterStore;

/// <summary>Writes IPv4 addresses as dotted quads, so <c>data-&gt;'Fields'-&gt;&gt;'Ip'</c> in SQL reads like the CLI.</summary>
internal sealed class Ipv4AddressTextConverter : JsonConverter<Ipv4Address>
{
    public override Ipv4Address Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text = reader.GetString();
        return Ipv4Address.TryParse(text, out Ipv4Address address)
            ? address
            : throw new JsonException($"'{text}' is not an IPv4 address in dotted-quad form");
    }

    public override void Write(Utf8JsonWriter writer, Ipv4Address value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
