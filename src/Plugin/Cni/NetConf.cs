using System.Text.Json.Serialization;

namespace EsCni.Plugin.Cni;

/// <summary>The plugin's network configuration as the runtime passes it on stdin (one conflist entry).</summary>
/// <remarks>Unknown keys (capabilities, runtimeConfig, args, ...) are ignored: the spec says runtimes may add them.</remarks>
internal sealed class NetConf
{
    public const string DefaultIpamdSocket = "/run/escni/ipamd.sock";
    public const int DefaultMtu = 9001;

    public string? CniVersion { get; set; }

    public string? Name { get; set; }

    public string? Type { get; set; }

    /// <summary>The daemon's unix socket (DESIGN.md §2.1).</summary>
    public string? IpamdSocket { get; set; }

    /// <summary>MTU of both veth ends; the ENI's 9001 by default (AWS_VPC_ENI_MTU's default).</summary>
    public int? Mtu { get; set; }

    /// <summary>Plugin log file, like AWS_VPC_K8S_PLUGIN_LOG_FILE; no file log when absent.</summary>
    public string? LogFile { get; set; }

    /// <summary>debug, info, warn or error (default info).</summary>
    public string? LogLevel { get; set; }

    public CniResult? PrevResult { get; set; }

    [JsonPropertyName("cni.dev/valid-attachments")]
    public List<CniAttachment>? ValidAttachments { get; set; }

    /// <summary>The key as spec-v1.1.0 first printed it; libcni sends both (containernetworking/cni#1101).</summary>
    [JsonPropertyName("cni.dev/attachments")]
    public List<CniAttachment>? LegacyAttachments { get; set; }
}
