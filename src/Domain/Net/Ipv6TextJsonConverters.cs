using System.Text.Json;
using System.Text.Json.Serialization;

namespace EsCni.Domain.Net;

/// <summary>JSON of an IPv6 address: its RFC 5952 text, never the 128-bit number (replay --json, cluster-store rows).</summary>
/// <remarks>On the type itself (unlike IPv4's per-serializer converters) so every JSON writer of EsCni prints it the same way.</remarks>
internal sealed class Ipv6AddressJsonConverter : JsonConverter<Ipv6Address>
{
    public override Ipv6Address Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Ipv6Address.TryParse(reader.GetString(), out Ipv6Address address) ? address : throw new JsonException("expected an IPv6 address such as 2600:1f14:abc:de01:1234::7");

    public override void Write(Utf8JsonWriter writer, Ipv6Address value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}

/// <summary>JSON of an IPv6 prefix: "2600:1f14:abc:de01:1234::/80".</summary>
internal sealed class Ipv6PrefixJsonConverter : JsonConverter<Ipv6Prefix>
{
    public override Ipv6Prefix Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Ipv6Prefix.TryParse(reader.GetString(), out Ipv6Prefix prefix) ? prefix : throw new JsonException("expected an IPv6 prefix such as 2600:1f14:abc:de01:1234::/80");

    public override void Write(Utf8JsonWriter writer, Ipv6Prefix value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
