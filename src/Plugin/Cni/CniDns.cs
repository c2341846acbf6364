using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace EsCni.Plugin.Cni;

/// <summary>The dns object of a result; read so prevResult round-trips, never filled by this plugin.</summary>
internal sealed class CniDns
{
    [JsonPropertyName("nameservers")]
    public List<string>? Nameservers { get; set; }

    [JsonPropertyName("domain")]
    public string? Domain { get; set; }

    [JsonPropertyName("search")]
    public List<string>? Search { get; set; }

    [JsonPropertyName("options")]
    public List<string>? Options { get; set; }
}
