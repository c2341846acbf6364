using System.Text.Json.Serialization;

namespace EsCni.Plugin.Spool;

/// <summary>
/// One spooled DEL: the release a DEL could not hand to escni-ipamd, kept on the node for the daemon to apply later.
/// The daemon reads the same JSON (src/Ipamd/Spool/SpooledRelease.cs); docs/reliability.md describes the format.
/// </summary>
internal sealed class DeferredRelease
{
    /// <summary>The format version; the daemon moves an entry of a version it does not know aside.</summary>
    public const int CurrentVersion = 1;

    [JsonPropertyName("version")]
    public int Version { get; set; } = CurrentVersion;

    [JsonPropertyName("networkName")]
    public string NetworkName { get; set; } = "";

    [JsonPropertyName("containerId")]
    public string ContainerId { get; set; } = "";

    [JsonPropertyName("ifName")]
    public string IfName { get; set; } = "";

    /// <summary>The IPv4 from prevResult; when set, the daemon releases the key only if it still holds exactly this IP.</summary>
    [JsonPropertyName("ip")]
    public string? Ip { get; set; }

    /// <summary>The DEL's request id, which the daemon journals on the IpReleased.</summary>
    [JsonPropertyName("requestId")]
    public string RequestId { get; set; } = "";

    [JsonPropertyName("spooledAt")]
    public DateTimeOffset SpooledAt { get; set; }
}
