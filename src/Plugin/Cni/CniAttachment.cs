using System.Text.Json.Serialization;

namespace EsCni.Plugin.Cni;

/// <summary>One entry of GC's cni.dev/valid-attachments.</summary>
internal sealed class CniAttachment
{
    [JsonPropertyName("containerID")]
    public string? ContainerId { get; set; }

    [JsonPropertyName("ifname")]
    public string? IfName { get; set; }
}
