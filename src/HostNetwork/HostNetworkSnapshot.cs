using System.Globalization;
using System.Text.Json;

namespace EsCni.HostNetwork;

/// <summary>One read of the host's links, IPv4 rules and routes (and optionally the nat and mangle tables), taken with as few tool runs as possible.</summary>
/// <remarks>The reconcile loop runs every few seconds, so a pass that changes nothing costs exactly these reads.</remarks>
internal sealed class HostNetworkSnapshot
{
    private HostNetworkSnapshot(IReadOnlyList<IpLink> links, IReadOnlyList<IpRule> rules, IReadOnlyList<IpRoute> routes, string? natTable, string? mangleTable)
    {
        Links = links;
        Rules = rules;
        Routes = routes;
        NatTable = natTable;
        MangleTable = mangleTable;
    }

    public IReadOnlyList<IpLink> Links { get; }

    public IReadOnlyList<IpRule> Rules { get; }

    public IReadOnlyList<IpRoute> Routes { get; }

    /// <summary>`iptables -t nat -S` output, or null when the iptables tables were not read.</summary>
    public string? NatTable { get; }

    /// <summary>`iptables -t mangle -S` output, or null when the iptables tables were not read.</summary>
    public string? MangleTable { get; }

    public static async Task<HostNetworkSnapshot> ReadAsync(HostCommandRunner runner, bool includeIptables, CancellationToken cancellationToken)
    {
        // The reads are independent processes; running them side by side halves a quiet pass's wall time.
        // They are not one atomic view, which is fine: whatever changes in between is repaired next pass.
        Task<IReadOnlyList<IpLink>> links = ReadLinksAsync(runner, cancellationToken);
        Task<IReadOnlyList<IpRule>> rules = ReadRulesAsync(runner, cancellationToken);
        Task<IReadOnlyList<IpRoute>> routes = ReadRoutesAsync(runner, cancellationToken);
        Task<string>? nat = includeIptables ? SnatRules.ReadNatTableAsync(runner, cancellationToken) : null;
        Task<string>? mangle = includeIptables ? ConnmarkRules.ReadMangleTableAsync(runner, cancellationToken) : null;
        await Task.WhenAll(links, rules, routes, nat ?? Task.FromResult(string.Empty), mangle ?? Task.FromResult(string.Empty));
        return new HostNetworkSnapshot(await links, await rules, await routes, nat is null ? null : await nat, mangle is null ? null : await mangle);
    }

    public static async Task<IReadOnlyList<IpLink>> ReadLinksAsync(HostCommandRunner runner, CancellationToken cancellationToken)
    {
        string json = await runner.RunCheckedAsync("ip", ["-json", "addr", "show"], cancellationToken: cancellationToken);
        var links = new List<IpLink>();
        using JsonDocument document = Parse(json, "ip -json addr show");
        foreach (JsonElement link in document.RootElement.EnumerateArray())
        {
            var addresses = new List<string>();
            if (link.TryGetProperty("addr_info", out JsonElement addrInfo))
            {
                foreach (JsonElement address in addrInfo.EnumerateArray())
                {
                    if (Text(address, "family") == "inet" && Text(address, "scope") == "global")
                    {
                        addresses.Add($"{Text(address, "local")}/{address.GetProperty("prefixlen").GetInt32()}");
                    }
                }
            }
            bool isUp = false;
            if (link.TryGetProperty("flags", out JsonElement flags))
            {
                foreach (JsonElement flag in flags.EnumerateArray())
                {
                    isUp |= flag.GetString() == "UP";
                }
            }
            links.Add(new IpLink(
                link.GetProperty("ifindex").GetInt32(),
                Text(link, "ifname") ?? string.Empty,
                (Text(link, "address") ?? string.Empty).ToLowerInvariant(),
                link.TryGetProperty("mtu", out JsonElement mtu) ? mtu.GetInt32() : 0,
                isUp,
                addresses));
        }
        return links;
    }

    public static async Task<IReadOnlyList<IpRule>> ReadRulesAsync(HostCommandRunner runner, CancellationToken cancellationToken)
    {
        string json = await runner.RunCheckedAsync("ip", ["-4", "-json", "rule", "show"], cancellationToken: cancellationToken);
        var rules = new List<IpRule>();
        using JsonDocument document = Parse(json, "ip -4 -json rule show");
        foreach (JsonElement rule in document.RootElement.EnumerateArray())
        {
            string? from = Text(rule, "src") is { } src && src != "all" ? $"{src}/{Length(rule, "srclen")}" : null;
            string? to = Text(rule, "dst") is { } dst && dst != "all" ? $"{dst}/{Length(rule, "dstlen")}" : null;
            string? mark = Text(rule, "fwmark") is { } fwmark ? $"{fwmark}/{Text(rule, "fwmask") ?? "0xffffffff"}" : null;
            rules.Add(new IpRule(rule.GetProperty("priority").GetInt32(), from, to, mark, Table(Text(rule, "table"))));
        }
        return rules;
    }

    public static async Task<IReadOnlyList<IpRoute>> ReadRoutesAsync(HostCommandRunner runner, CancellationToken cancellationToken)
    {
        string json = await runner.RunCheckedAsync("ip", ["-4", "-json", "route", "show", "table", "all"], cancellationToken: cancellationToken);
        var routes = new List<IpRoute>();
        using JsonDocument document = Parse(json, "ip -4 -json route show table all");
        foreach (JsonElement route in document.RootElement.EnumerateArray())
        {
            string dst = Text(route, "dst") ?? "default";
            string destination = dst == "default" ? "0.0.0.0/0" : dst.Contains('/', StringComparison.Ordinal) ? dst : dst + "/32";
            routes.Add(new IpRoute(destination, Text(route, "gateway"), Text(route, "dev"), Table(Text(route, "table")), Text(route, "scope")));
        }
        return routes;
    }

    /// <summary>Turns a table name or number as `ip` prints it into its id; a route without a table is in main.</summary>
    internal static int Table(string? name) => name switch
    {
        null or "main" => AttachedEni.MainRouteTable,
        "local" => 255,
        "default" => 253,
        _ => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int id) ? id : -1,
    };

    private static JsonDocument Parse(string json, string command)
    {
        try
        {
            // An empty namespace prints nothing at all for some reads rather than "[]".
            return JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "[]" : json);
        }
        catch (JsonException e)
        {
            throw new HostNetworkException(
                $"`{command}` printed output that is not JSON ({e.Message}); install an iproute2 with -json support (5.0 or newer)", e);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Length(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) ? value.GetInt32() : 32;
}
