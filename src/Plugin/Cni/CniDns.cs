namespace EsCni.Plugin.Cni;

/// <summary>The dns object of a result; read so prevResult round-trips, never filled by this plugin.</summary>
internal sealed class CniDns
{
    public List<string>? Nameservers { get; set; }

    public string? Domain { get; set; }

    public List<string>? Search { get; set; }

    public List<string>? Options { get; set; }
}
