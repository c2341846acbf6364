using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace EsCni.Ipamd.Spool;

/// <summary>A DEL the plugin spooled while the daemon was down (the plugin's DeferredRelease JSON, version 1).</summary>
/// <param name="Key">The IPAM key the DEL was for.</param>
/// <param name="Ip">The IPv4 address prevResult named; when set, only an allocation of exactly this IP is released.</param>
/// <param name="RequestId">The plugin's request id, journaled on the IpReleased.</param>
/// <param name="SpooledAt">When the plugin wrote the entry.</param>
public sealed record SpooledRelease(IpamKey Key, Ipv4Address? Ip, string RequestId, DateTimeOffset SpooledAt)
{
    /// <summary>The IPv6 address prevResult named (an IPv6 pod, issue #17); when set, only an IPv6 allocation of exactly this address is released.</summary>
    public Ipv6Address? Ipv6 { get; init; }

    /// <summary>The only format version this build reads.</summary>
    public const int Version = 1;

    /// <summary>Parses an entry; on failure <paramref name="problem"/> says what is wrong with it.</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, [NotNullWhen(true)] out SpooledRelease? entry, [NotNullWhen(false)] out string? problem)
    {
        entry = null;
        try
        {
            using JsonDocument document = JsonDocument.Parse(json.ToArray());
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "the entry is not a JSON object";
                return false;
            }

            if (!root.TryGetProperty("version", out JsonElement version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != Version)
            {
                problem = $"the entry has no \"version\": {Version} (a plugin of another release wrote it?)";
                return false;
            }

            string network = Text(root, "networkName"), container = Text(root, "containerId"), ifName = Text(root, "ifName");
            if (network.Length == 0 || container.Length == 0 || ifName.Length == 0)
            {
                problem = "the entry lacks networkName, containerId or ifName";
                return false;
            }

            Ipv4Address? ip = null;
            Ipv6Address? ipv6 = null;
            if (root.TryGetProperty("ip", out JsonElement ipText) && ipText.ValueKind == JsonValueKind.String)
            {
                // The plugin writes the address its prevResult named, whichever the family: a /32 or an IPv6 pod's /128.
                if (Ipv4Address.TryParse(ipText.GetString(), out Ipv4Address parsed))
                {
                    ip = parsed;
                }
                else if (Ipv6Address.TryParse(ipText.GetString(), out Ipv6Address parsedV6))
                {
                    ipv6 = parsedV6;
                }
                else
                {
                    problem = $"the entry's ip '{ipText.GetString()}' is not an IPv4 or IPv6 address";
                    return false;
                }
            }

            DateTimeOffset at = root.TryGetProperty("spooledAt", out JsonElement when) && when.TryGetDateTimeOffset(out DateTimeOffset t) ? t : DateTimeOffset.MinValue;
            entry = new SpooledRelease(new IpamKey(network, container, ifName), ip, Text(root, "requestId"), at) { Ipv6 = ipv6 };
            problem = null;
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            problem = $"the entry is not valid JSON: {e.Message}";
            return false;
        }
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}
