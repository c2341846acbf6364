namespace EsCni.Plugin.Cni;

/// <summary>An ips[] entry; interface is the index of the pod interface in interfaces[].</summary>
internal sealed class CniIpConfig
{
    /// <summary>"4" or "6"; only in results below 1.0.0.</summary>
    public string? Version { get; set; }

    public string? Address { get; set; }

    public string? Gateway { get; set; }

    public int? Interface { get; set; }
}
