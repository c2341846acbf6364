using System.Text.Json.Serialization;

namespace EsCni.Plugin.Cni;

/// <summary>The plugin's network configuration as the runtime passes it on stdin (one conflist entry).</summary>
/// <remarks>Unknown keys (capabilities, runtimeConfig, args, ...) are ignored: the spec says runtimes may add them.</remarks>
internal sealed class NetConf
{
    public const string DefaultIpamdSocket = "/run/escni/ipamd.sock";
    public const int DefaultMtu = 9001;

    /// <summary>Where DEL spools a release when the daemon is down: the daemon's ESCNI_SPOOL_DIR default, on its hostPath.</summary>
    public const string DefaultSpoolDir = "/var/lib/escni/spool";

    /// <summary>How long DEL retries a daemon that does not answer before spooling; it is ready well under a second after a restart.</summary>
    public const double DefaultDelDaemonWaitSeconds = 5;

    /// <summary>The longest <see cref="DelDaemonWaitSeconds"/> accepted: kubelet's CNI calls time out after a few minutes.</summary>
    public const double MaxDelDaemonWaitSeconds = 60;

    /// <summary>Reservations of 169.254.172.0/22 for IPv6 pods' IPv4 egress; on tmpfs, as the veths they describe die with a reboot.</summary>
    public const string DefaultV4EgressDir = "/run/escni/egress-v4";

    public string? CniVersion { get; set; }

    public string? Name { get; set; }

    public string? Type { get; set; }

    /// <summary>The daemon's unix socket (DESIGN.md §2.1).</summary>
    public string? IpamdSocket { get; set; }

    /// <summary>DEL's spool directory for releases the daemon could not take (must be the daemon's ESCNI_SPOOL_DIR).</summary>
    public string? SpoolDir { get; set; }

    /// <summary>Seconds DEL retries an unreachable daemon, with backoff, before spooling the release (0..60, default 5).</summary>
    public double? DelDaemonWaitSeconds { get; set; }

    /// <summary>MTU of both veth ends; the ENI's 9001 by default (AWS_VPC_ENI_MTU's default).</summary>
    public int? Mtu { get; set; }

    /// <summary>Plugin log file, like AWS_VPC_K8S_PLUGIN_LOG_FILE; no file log when absent.</summary>
    public string? LogFile { get; set; }

    /// <summary>debug, info, warn or error (default info).</summary>
    public string? LogLevel { get; set; }

    /// <summary>IPv4 egress for IPv6 pods (the VPC CNI's ENABLE_V4_EGRESS, default true); ignored for IPv4 pods.</summary>
    public bool? EnableV4Egress { get; set; }

    /// <summary>Directory of the IPv4 egress address reservations (default <see cref="DefaultV4EgressDir"/>).</summary>
    public string? V4EgressDir { get; set; }

    public CniResult? PrevResult { get; set; }

    [JsonPropertyName("cni.dev/valid-attachments")]
    public List<CniAttachment>? ValidAttachments { get; set; }

    /// <summary>The key as spec-v1.1.0 first printed it; libcni sends both (containernetworking/cni#1101).</summary>
    [JsonPropertyName("cni.dev/attachments")]
    public List<CniAttachment>? LegacyAttachments { get; set; }
}
