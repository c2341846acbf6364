using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace EsCni.Integration.Support;

/// <summary>
/// Pods added through the real plugin the way kubelet starts them: several ADDs at once, each in a fresh network
/// namespace, and a refused ADD (no address yet, a daemon being killed or restarting) retried as kubelet retries a sandbox.
/// </summary>
internal static class PodBurst
{
    /// <summary>ADDs <paramref name="numbers"/> at <paramref name="parallel"/> at a time; returns those whose ADD failed (their namespaces deleted).</summary>
    /// <param name="plugin">Runs the plugin in the node namespace.</param>
    /// <param name="config">The plugin's network config.</param>
    /// <param name="numbers">Which pods to add.</param>
    /// <param name="containerId">A pod's container id (also its pod name).</param>
    /// <param name="added">Called with each pod that got an address: its number, namespace and the ADD's result.</param>
    /// <param name="netnsPrefix">Prefix of the pods' namespace names (unique to the test).</param>
    /// <param name="parallel">Plugin execs at a time.</param>
    public static async Task<List<int>> TryAddAsync(PluginRunner plugin, JsonObject config, IEnumerable<int> numbers, Func<int, string> containerId,
        Action<int, NetworkNamespace, PluginResult> added, string netnsPrefix, int parallel = 4)
    {
        var refused = new ConcurrentBag<int>();
        await Parallel.ForEachAsync(numbers, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (n, _) =>
        {
            NetworkNamespace netns = NetworkNamespace.Create(netnsPrefix);
            PluginResult add = await plugin.ExecAsync("escni", "ADD", config, containerId(n), netns.Path, podName: containerId(n));
            if (add.ExitCode != 0)
            {
                netns.Dispose();
                refused.Add(n);
                return;
            }

            added(n, netns, add);
        });
        return [.. refused];
    }

    /// <summary>As <see cref="TryAddAsync"/>, retrying refused ADDs every half second for up to <paramref name="retryFor"/>; a daemon that keeps refusing fails the test.</summary>
    public static async Task AddAsync(PluginRunner plugin, JsonObject config, IEnumerable<int> numbers, Func<int, string> containerId,
        Action<int, NetworkNamespace, PluginResult> added, string netnsPrefix, TimeSpan retryFor, int parallel = 4)
    {
        List<int> refused = await TryAddAsync(plugin, config, numbers, containerId, added, netnsPrefix, parallel);
        DateTime deadline = DateTime.UtcNow + retryFor;
        while (refused.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            refused = await TryAddAsync(plugin, config, refused, containerId, added, netnsPrefix, parallel);
        }

        Assert.True(refused.Count == 0, $"ADDs a running daemon kept refusing for {retryFor.TotalSeconds:F0} s: {string.Join(", ", refused)}");
    }
}
