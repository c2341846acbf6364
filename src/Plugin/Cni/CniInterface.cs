using System.Text.Json.Serialization;

namespace EsCni.Plugin.Cni;

/// <summary>An interfaces[] entry: the host veth (no sandbox) or the pod's interface (sandbox = netns).</summary>
internal sealed class CniInterface
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("mac")]
    public string? Mac { get; set; }

    /// <summary>Only in 1.1.0 results.</summary>
    [JsonPropertyName("mtu")]
    public int? Mtu { get; set; }

    [JsonPropertyName("sandbox")]
    public string? Sandbox { get; set; }
}
