using System.Net;

namespace EsCni.HostNetwork;

/// <summary>Reads the pod rules, host routes and veths the plugin left on the host, for the daemon's comparison with the journal; it decides nothing.</summary>
public sealed partial class PodHostRoutes
{
    /// <summary>Priority of the plugin's `to POD lookup main` rule.</summary>
    public const int ToPodPriority = 512;

    /// <summary>Priority of the plugin's `from POD lookup ENI-table` rule (pods on secondary ENIs only).</summary>
    public const int FromPodPriority = 1536;

    private readonly HostCommandRunner _runner;
    private readonly string _vethPrefix;

    /// <summary>Creates the reader; <paramref name="vethPrefix"/> is the host veth name prefix (AWS_VPC_K8S_CNI_VETHPREFIX, `eni`).</summary>
    public PodHostRoutes(HostCommandRunner runner, string vethPrefix = "eni")
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentException.ThrowIfNullOrEmpty(vethPrefix);
        _runner = runner;
        _vethPrefix = vethPrefix;
    }

    /// <summary>Reads the host once (`ip -json addr`, `ip -json rule`, `ip -json route show table all`).</summary>
    /// <exception cref="HostCommandFailedException">An `ip` read failed.</exception>
    public async Task<PodHostState> ReadAsync(CancellationToken cancellationToken = default)
    {
        HostNetworkSnapshot snapshot = await HostNetworkSnapshot.ReadAsync(_runner, includeIptables: false, cancellationToken);
        var to = new List<PodRule>();
        var from = new List<PodRule>();
        foreach (IpRule rule in snapshot.Rules)
        {
            if (rule.Priority == ToPodPriority && TryHost(rule.To, out IPAddress? toIp) && rule.From is null)
            {
                to.Add(new PodRule(rule.Priority, toIp, rule.Table));
            }
            else if (rule.Priority == FromPodPriority && TryHost(rule.From, out IPAddress? fromIp) && rule.To is null)
            {
                from.Add(new PodRule(rule.Priority, fromIp, rule.Table));
            }
        }

        var routes = new List<PodHostRoute>();
        foreach (IpRoute route in snapshot.Routes)
        {
            if (route.Table == AttachedEni.MainRouteTable && route.Device is { } dev && IsPodVeth(dev) && TryHost(route.Destination, out IPAddress? podIp))
            {
                routes.Add(new PodHostRoute(podIp, dev));
            }
        }

        var veths = new List<PodVeth>();
        foreach (IpLink link in snapshot.Links)
        {
            if (IsPodVeth(link.Name))
            {
                veths.Add(new PodVeth(link.Name, link.Index, link.Mac, link.IsUp, link.PeerNetnsId, link.PeerIndex));
            }
        }
        return new PodHostState(to, from, routes, veths);
    }

    private bool IsPodVeth(string name) => name.StartsWith(_vethPrefix, StringComparison.Ordinal);

    private static bool TryHost(string? cidr, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        return cidr is not null && cidr.EndsWith("/32", StringComparison.Ordinal) && IPAddress.TryParse(cidr.AsSpan(0, cidr.Length - 3), out address);
    }
}
