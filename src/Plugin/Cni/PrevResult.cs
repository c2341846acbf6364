namespace EsCni.Plugin.Cni;

/// <summary>What DEL and CHECK need out of prevResult: the host veth, the pod interface and its IPv4/IPv6 addresses.</summary>
internal sealed record PrevResult(string? HostVeth, string? PodMac, IReadOnlyList<IPAddress> PodIps)
{
    /// <summary>
    /// Picks the pod interface (name == <paramref name="ifName"/>, sandbox set), the host veth (no sandbox)
    /// and the addresses whose "interface" index points at the pod interface. Later chained plugins may
    /// add entries; anything not ours is ignored.
    /// </summary>
    public static PrevResult From(CniResult? result, string ifName)
    {
        if (result is null)
        {
            return new PrevResult(null, null, []);
        }

        List<CniInterface> interfaces = result.Interfaces ?? [];
        int podIndex = interfaces.FindIndex(i => i.Name == ifName && !string.IsNullOrEmpty(i.Sandbox));
        CniInterface? host = interfaces.Find(i => string.IsNullOrEmpty(i.Sandbox) && i.Name is not null);
        var ips = new List<IPAddress>();
        foreach (CniIpConfig ip in result.Ips ?? [])
        {
            bool ours = podIndex < 0 || ip.Interface is null || ip.Interface == podIndex;
            if (!ours || ip.Address is null)
            {
                continue;
            }

            string address = ip.Address;
            int slash = address.IndexOf('/', System.StringComparison.Ordinal);
            if (IPAddress.TryParse(slash < 0 ? address : address[..slash], out IPAddress? parsed)
                && parsed.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            {
                ips.Add(parsed);
            }
        }

        return new PrevResult(host?.Name, podIndex < 0 ? null : interfaces[podIndex].Mac, ips);
    }
}
