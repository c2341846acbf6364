using System.Text.Json;

namespace EsCni.Integration.Support;

/// <summary>What the node namespace holds for pods, read with <c>ip -json</c>: the prio-512 "to pod" rules, the prio-1536
/// "from pod" rules and the main-table /32 routes through pod veths.</summary>
internal sealed record HostPodState(IReadOnlySet<string> ToPodRules, IReadOnlySet<string> FromPodRules, IReadOnlySet<string> HostRoutes)
{
    public static HostPodState Read(NetworkNamespace node)
    {
        var toPod = new HashSet<string>(StringComparer.Ordinal);
        var fromPod = new HashSet<string>(StringComparer.Ordinal);
        using (JsonDocument rules = JsonDocument.Parse(node.Exec("ip", "-4", "-json", "rule", "show")))
        {
            foreach (JsonElement rule in rules.RootElement.EnumerateArray())
            {
                int priority = rule.GetProperty("priority").GetInt32();
                if (priority == 512 && rule.TryGetProperty("dst", out JsonElement dst))
                {
                    toPod.Add(dst.GetString()!);
                }
                else if (priority == 1536 && rule.TryGetProperty("src", out JsonElement src))
                {
                    fromPod.Add(src.GetString()!);
                }
            }
        }

        // Pod host routes are "IP dev <veth> scope link" in main; ENI and subnet routes are not /32 host routes over a veth.
        var routes = new HashSet<string>(StringComparer.Ordinal);
        using (JsonDocument table = JsonDocument.Parse(node.Exec("ip", "-4", "-json", "route", "show", "table", "main")))
        {
            foreach (JsonElement route in table.RootElement.EnumerateArray())
            {
                string dst = route.GetProperty("dst").GetString()!;
                string dev = route.TryGetProperty("dev", out JsonElement d) ? d.GetString()! : string.Empty;
                if (dst != "default" && !dst.Contains('/', StringComparison.Ordinal) && !dev.StartsWith("eth", StringComparison.Ordinal) && dev != "lo")
                {
                    routes.Add(dst);
                }
            }
        }

        return new HostPodState(toPod, fromPod, routes);
    }

    /// <summary>Every difference from the expected set of live pod IPs, as sentences; empty when the host is exact.</summary>
    public IReadOnlyList<string> Differences(IReadOnlySet<string> livePodIps)
    {
        var problems = new List<string>();
        problems.AddRange(ToPodRules.Except(livePodIps).Select(ip => $"stale rule 'to {ip} lookup main prio 512' (no live pod has {ip})"));
        problems.AddRange(livePodIps.Except(ToPodRules).Select(ip => $"missing rule 'to {ip} lookup main prio 512' for a live pod"));
        problems.AddRange(HostRoutes.Except(livePodIps).Select(ip => $"stale host route {ip} via a veth (no live pod has {ip})"));
        problems.AddRange(livePodIps.Except(HostRoutes).Select(ip => $"missing host route {ip} via the pod's veth"));
        problems.AddRange(FromPodRules.Except(livePodIps).Select(ip => $"stale rule 'from {ip} lookup <eni table> prio 1536'"));
        return problems;
    }
}
