using System.Text.Json.Serialization;

namespace EsCni.Plugin.Cni;

/// <summary>What VERSION prints.</summary>
internal sealed class CniVersionResult
{
    [JsonPropertyName("cniVersion")]
    public string? CniVersion { get; set; }

    [JsonPropertyName("supportedVersions")]
    public string[]? SupportedVersions { get; set; }
}
