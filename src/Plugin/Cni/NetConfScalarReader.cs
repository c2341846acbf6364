using System.Text.Json;

namespace EsCni.Plugin.Cni;

/// <summary>
/// The usual network configuration — the plugin's scalar keys and keys it ignores — read with a bare
/// <see cref="Utf8JsonReader"/>, so an ADD does not pay System.Text.Json's first-use set-up (~0.9 ms of a ~10 ms ADD,
/// docs/benchmarks.md "Where an ADD's milliseconds go").
/// </summary>
/// <remarks>
/// Anything else — prevResult or the GC attachment lists (nested shapes), a number written as a string, a value of
/// the wrong type, malformed JSON, anything after the object — returns null, and <see cref="NetConfReader.Decode"/>
/// hands the same bytes to the source-generated deserializer, which accepts or refuses them with its own error. So
/// where this reader answers, it answers as that deserializer does (case-sensitive keys, the last duplicate wins,
/// JSON null leaves a key unset); NetConfScalarReaderTests compares the two.
/// </remarks>
internal static class NetConfScalarReader
{
    public static NetConf? TryRead(ReadOnlySpan<byte> json)
    {
        try
        {
            return Read(json);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null; // malformed JSON or text: the deserializer reports it, with its path
        }
    }

    private static NetConf? Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var config = new NetConf();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool ok = true;
            if (reader.ValueTextEquals("cniVersion"u8)) { ok = String(ref reader, out string? v); config.CniVersion = v; }
            else if (reader.ValueTextEquals("name"u8)) { ok = String(ref reader, out string? v); config.Name = v; }
            else if (reader.ValueTextEquals("type"u8)) { ok = String(ref reader, out string? v); config.Type = v; }
            else if (reader.ValueTextEquals("ipamdSocket"u8)) { ok = String(ref reader, out string? v); config.IpamdSocket = v; }
            else if (reader.ValueTextEquals("spoolDir"u8)) { ok = String(ref reader, out string? v); config.SpoolDir = v; }
            else if (reader.ValueTextEquals("logFile"u8)) { ok = String(ref reader, out string? v); config.LogFile = v; }
            else if (reader.ValueTextEquals("logLevel"u8)) { ok = String(ref reader, out string? v); config.LogLevel = v; }
            else if (reader.ValueTextEquals("v4EgressDir"u8)) { ok = String(ref reader, out string? v); config.V4EgressDir = v; }
            else if (reader.ValueTextEquals("mtu"u8)) { ok = Int(ref reader, out int? v); config.Mtu = v; }
            else if (reader.ValueTextEquals("delDaemonWaitSeconds"u8)) { ok = Double(ref reader, out double? v); config.DelDaemonWaitSeconds = v; }
            else if (reader.ValueTextEquals("enableV4Egress"u8)) { ok = Bool(ref reader, out bool? v); config.EnableV4Egress = v; }
            else if (reader.ValueTextEquals("prevResult"u8) || reader.ValueTextEquals("cni.dev/valid-attachments"u8)
                || reader.ValueTextEquals("cni.dev/attachments"u8))
            {
                return null;
            }
            else
            {
                reader.Skip(); // unknown keys are ignored, as the spec lets runtimes add them
            }

            if (!ok)
            {
                return null;
            }
        }

        return reader.TokenType == JsonTokenType.EndObject && !reader.Read() ? config : null;
    }

    private static bool String(ref Utf8JsonReader reader, out string? value)
    {
        reader.Read();
        value = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return reader.TokenType is JsonTokenType.String or JsonTokenType.Null;
    }

    private static bool Int(ref Utf8JsonReader reader, out int? value)
    {
        reader.Read();
        value = null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int number))
        {
            value = number;
            return true;
        }

        return reader.TokenType == JsonTokenType.Null;
    }

    private static bool Double(ref Utf8JsonReader reader, out double? value)
    {
        reader.Read();
        value = null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double number) && double.IsFinite(number))
        {
            value = number;
            return true;
        }

        return reader.TokenType == JsonTokenType.Null;
    }

    private static bool Bool(ref Utf8JsonReader reader, out bool? value)
    {
        reader.Read();
        value = reader.TokenType switch { JsonTokenType.True => true, JsonTokenType.False => false, _ => null };
        return reader.TokenType is JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null;
    }
}
