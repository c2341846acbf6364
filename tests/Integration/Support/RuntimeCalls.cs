using System.Text.Json.Nodes;

namespace EsCni.Integration.Support;

/// <summary>The plugin calls a container runtime makes for one pod: the network config, ADD, and DEL with prevResult.</summary>
internal static class RuntimeCalls
{
    /// <summary>The escni network config at CNI 1.1.0, logging to the stack's plugin.log.</summary>
    public static JsonObject Config(PluginRunner plugin, NodeStack stack, double? delDaemonWaitSeconds = null)
    {
        JsonObject config = plugin.EscniConfig(Path.Combine(stack.WorkDirectory, "plugin.log"));
        config["cniVersion"] = "1.1.0";
        config["name"] = "escni";
        if (delDaemonWaitSeconds is { } wait)
        {
            config["delDaemonWaitSeconds"] = wait;
        }

        return config;
    }

    /// <summary>The config DEL gets: ADD's, plus ADD's result as prevResult (libcni's cached result).</summary>
    public static JsonObject WithPrev(JsonObject config, string addResult)
    {
        JsonObject withPrev = config.DeepClone().AsObject();
        withPrev["prevResult"] = JsonNode.Parse(addResult);
        return withPrev;
    }

    /// <summary>ADD that must succeed; returns the pod's IP and the result JSON.</summary>
    public static async Task<(string Ip, string Result)> AddAsync(PluginRunner plugin, JsonObject config, string key, NetworkNamespace pod)
    {
        PluginResult add = await plugin.ExecAsync("escni", "ADD", config, key, pod.Path, podName: key);
        Assert.True(add.ExitCode == 0, add.ToString());
        string address = add.Json().RootElement.GetProperty("ips")[0].GetProperty("address").GetString()!;
        return (address[..address.IndexOf('/', StringComparison.Ordinal)], add.Stdout);
    }
}
