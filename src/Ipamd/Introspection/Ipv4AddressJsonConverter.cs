using System.Text.Json;
using System.Text.Json.Serialization;

namespace EsCni.Ipamd.Introspection;

/// <summary>Writes <see cref="Ipv4Address"/> as dotted-quad text rather than its numeric value.</summary>
internal sealed class Ipv4AddressJsonConverter : JsonConverter<Ipv4Address>
{
    public override Ipv4Address Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Ipv4Address.Parse(reader.GetString() ?? throw new JsonException("expected an IPv4 address string"));

    public override void Write(Utf8JsonWriter writer, Ipv4Address value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
