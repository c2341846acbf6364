using System.Text.Json.Serialization;

namespace EsCni.Plugin.Cni;

/// <summary>An ips[] entry; interface is the index of the pod interface in interfaces[].</summary>
internal sealed class CniIpConfig
{
    /// <summary>"4" or "6"; only in results below 1.0.0.</summary>
    [JsonPropertyName("version")]
    public string? Version { get; set; }

    [JsonPropertyName("address")]
    public string? Address { get; set; }

    [JsonPropertyName("gateway")]
    public string? Gateway { get; set; }

    [JsonPropertyName("interface")]
    public int? Interface { get; set; }
}
