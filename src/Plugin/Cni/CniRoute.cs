using System.Text.Json.Serialization;

namespace EsCni.Plugin.Cni;

/// <summary>A routes[] entry of a result.</summary>
internal sealed class CniRoute
{
    [JsonPropertyName("dst")]
    public string? Destination { get; set; }

    [JsonPropertyName("gw")]
    public string? Gateway { get; set; }
}
