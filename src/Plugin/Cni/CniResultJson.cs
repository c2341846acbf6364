using System.Text.Json;

namespace EsCni.Plugin.Cni;

/// <summary>
/// Writes an ADD result with a bare <see cref="Utf8JsonWriter"/>: the source-generated serializer's first use costs
/// ~0.4 ms of every ADD for one small object (docs/benchmarks.md "Where an ADD's milliseconds go").
/// </summary>
/// <remarks>
/// Same keys, order, escaping and omissions as <see cref="CniJsonContext.Output"/> (camelCase, nulls left out, relaxed
/// escaping); CniResultJsonTests compares the two byte for byte.
/// </remarks>
internal static class CniResultJson
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = CniJsonEscaping.Instance };

    public static void Write(Stream stdout, CniResult result)
    {
        using var json = new Utf8JsonWriter(stdout, s_options);
        json.WriteStartObject();
        String(json, "cniVersion", result.CniVersion);
        Array(json, "interfaces", result.Interfaces, (w, link) =>
        {
            String(w, "name", link.Name);
            String(w, "mac", link.Mac);
            Int(w, "mtu", link.Mtu);
            String(w, "sandbox", link.Sandbox);
        });
        Array(json, "ips", result.Ips, (w, ip) =>
        {
            String(w, "version", ip.Version);
            String(w, "address", ip.Address);
            String(w, "gateway", ip.Gateway);
            Int(w, "interface", ip.Interface);
        });
        Array(json, "routes", result.Routes, (w, route) =>
        {
            String(w, "dst", route.Destination);
            String(w, "gw", route.Gateway);
        });
        if (result.Dns is { } dns)
        {
            json.WriteStartObject("dns");
            Strings(json, "nameservers", dns.Nameservers);
            String(json, "domain", dns.Domain);
            Strings(json, "search", dns.Search);
            Strings(json, "options", dns.Options);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void Array<T>(Utf8JsonWriter json, string name, List<T>? items, Action<Utf8JsonWriter, T> fields)
    {
        if (items is null)
        {
            return;
        }

        json.WriteStartArray(name);
        foreach (T item in items)
        {
            json.WriteStartObject();
            fields(json, item);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void Strings(Utf8JsonWriter json, string name, List<string>? values)
    {
        if (values is null)
        {
            return;
        }

        json.WriteStartArray(name);
        foreach (string value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void String(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void Int(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
    }
}
