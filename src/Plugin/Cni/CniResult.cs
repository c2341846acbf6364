namespace EsCni.Plugin.Cni;

/// <summary>An ADD success result (also read back as DEL/CHECK prevResult); null members are omitted.</summary>
/// <remarks>
/// One shape serves 0.4.0, 1.0.0 and 1.1.0: <see cref="CniResultWriter"/> fills ips[].version only for
/// 0.4.0 and interfaces[].mtu only for 1.1.0, so the printed result is exactly the config's version.
/// </remarks>
internal sealed class CniResult
{
    public string? CniVersion { get; set; }

    public List<CniInterface>? Interfaces { get; set; }

    public List<CniIpConfig>? Ips { get; set; }

    public List<CniRoute>? Routes { get; set; }

    public CniDns? Dns { get; set; }
}
