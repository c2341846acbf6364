using System.Text.Json.Serialization;

namespace EsCni.Plugin.Cni;

/// <summary>The spec's error object, printed on stdout when a command fails.</summary>
internal sealed class CniError
{
    public string? CniVersion { get; set; }

    public int Code { get; set; }

    [JsonPropertyName("msg")]
    public string? Message { get; set; }

    public string? Details { get; set; }
}
