using System.Net;
using System.Text.Json;

namespace EsCni.HostNetwork;

/// <summary>The IPv6 pods' host side (issue #17): the plugin's `&lt;pod&gt;/128 dev &lt;veth&gt;` routes and `to &lt;pod&gt; lookup main prio 512` rules.</summary>
/// <remarks>Read only in IPv6 mode: two more `ip` runs per pass, which an IPv4 node does not pay.</remarks>
public sealed partial class PodHostRoutes
{
    /// <summary>Reads the host's IPv6 pod rules and main-table /128 routes through a pod veth (`ip -6 -json rule`, `ip -6 -json route show table main`).</summary>
    /// <exception cref="HostCommandFailedException">An `ip` read failed.</exception>
    public async Task<PodHostIpv6State> ReadIpv6Async(CancellationToken cancellationToken = default)
    {
        Task<string> rulesJson = _runner.RunCheckedAsync("ip", ["-6", "-json", "rule", "show"], cancellationToken: cancellationToken);
        Task<string> routesJson = _runner.RunCheckedAsync("ip", ["-6", "-json", "route", "show", "table", "main"], cancellationToken: cancellationToken);
        await Task.WhenAll(rulesJson, routesJson).ConfigureAwait(false);

        var to = new List<PodRule>();
        using (JsonDocument rules = ParseJson(await rulesJson.ConfigureAwait(false), "ip -6 -json rule show"))
        {
            // `ip -6 -json rule` prints `"src": "all"` and leaves out `dstlen` for a /128.
            foreach (JsonElement rule in rules.RootElement.EnumerateArray())
            {
                if (rule.TryGetProperty("priority", out JsonElement priority) && priority.GetInt32() == ToPodPriority
                    && Text(rule, "src") is null or "all" && Text(rule, "dst") is { } dst && Length(rule, "dstlen") == 128
                    && IPAddress.TryParse(dst, out IPAddress? pod))
                {
                    to.Add(new PodRule(ToPodPriority, pod, HostNetworkSnapshot.Table(Text(rule, "table"))));
                }
            }
        }

        var routes = new List<PodHostRoute>();
        using (JsonDocument table = ParseJson(await routesJson.ConfigureAwait(false), "ip -6 -json route show table main"))
        {
            foreach (JsonElement route in table.RootElement.EnumerateArray())
            {
                // `ip -6` prints a /128 without its length: "dst": "2600:…::7".
                if (Text(route, "dst") is { } dst && !dst.Contains('/', StringComparison.Ordinal) && Text(route, "dev") is { } dev && IsPodVeth(dev)
                    && IPAddress.TryParse(dst, out IPAddress? pod))
                {
                    routes.Add(new PodHostRoute(pod, dev));
                }
            }
        }

        return new PodHostIpv6State(to, routes);
    }

    private static JsonDocument ParseJson(string json, string command)
    {
        try
        {
            return JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "[]" : json);
        }
        catch (JsonException e)
        {
            throw new HostNetworkException($"`{command}` printed output that is not JSON ({e.Message}); install an iproute2 with -json support (5.0 or newer)", e);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Length(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) ? value.GetInt32() : 128;
}
