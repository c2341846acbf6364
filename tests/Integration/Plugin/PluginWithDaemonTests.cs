using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsCni.Integration.Support;

namespace EsCni.Integration.Plugin;

/// <summary>The published escni plugin against the real daemon and EC2 simulator, per supported CNI version.</summary>
[Collection(nameof(NodeCollection))]
public sealed class PluginWithDaemonTests
{
    [Theory]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    [InlineData("1.1.0")]
    public async Task AddCheckDel_RealDaemon_WiresPodAndCleansUp(string cniVersion)
    {
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: new Dictionary<string, string> { ["WARM_IP_TARGET"] = "3" });
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 1, TimeSpan.FromSeconds(60), "a free IP");
        using NetworkNamespace pod = NetworkNamespace.Create("escni-itpod");
        var plugin = new PluginRunner(stack);
        JsonObject config = Config(plugin, stack, cniVersion);

        PluginResult add = await plugin.ExecAsync("escni", "ADD", config, "ctr-" + cniVersion, pod.Path, podName: "web");
        Assert.True(add.ExitCode == 0, add.ToString());
        using JsonDocument result = add.Json();
        Assert.Equal(cniVersion, result.RootElement.GetProperty("cniVersion").GetString());
        string address = result.RootElement.GetProperty("ips")[0].GetProperty("address").GetString()!;
        Assert.EndsWith("/32", address, StringComparison.Ordinal);
        string ip = address[..^3];

        Assert.Contains($"inet {ip}/32", pod.Exec("ip", "addr", "show", "eth0"), StringComparison.Ordinal);
        string podRoutes = pod.Exec("ip", "route", "show");
        Assert.Contains("default via 169.254.1.1 dev eth0", podRoutes, StringComparison.Ordinal);
        Assert.Contains("169.254.1.1 dev eth0 scope link", podRoutes, StringComparison.Ordinal);
        Assert.Contains("PERMANENT", pod.Exec("ip", "neigh", "show", "169.254.1.1"), StringComparison.Ordinal);
        Assert.Contains("dev eni", stack.Node.Exec("ip", "route", "show", ip), StringComparison.Ordinal);
        Assert.Contains($"to {ip} lookup main", stack.Node.Exec("ip", "rule", "show", "priority", "512"), StringComparison.Ordinal);

        // Packets both ways over the veth: node → pod, and pod → the node's primary address.
        string nodeIp = (await stack.GetJsonAsync("/v1/enis")).EnumerateArray().First(e => e.GetProperty("deviceIndex").GetInt32() == 0).GetProperty("primaryIp").GetString()!;
        Assert.Equal("node-to-pod", await TcpEcho.RoundTripAsync(pod, IPAddress.Any, stack.Node, IPAddress.Parse(ip), "node-to-pod"));
        Assert.Equal("pod-to-node", await TcpEcho.RoundTripAsync(stack.Node, IPAddress.Any, pod, IPAddress.Parse(nodeIp), "pod-to-node"));

        JsonObject withPrev = config.DeepClone().AsObject();
        withPrev["prevResult"] = JsonNode.Parse(add.Stdout);
        PluginResult check = await plugin.ExecAsync("escni", "CHECK", withPrev, "ctr-" + cniVersion, pod.Path, podName: "web");
        Assert.True(check.ExitCode == 0, check.ToString());
        pod.Exec("ip", "route", "del", "default");
        PluginResult checkBroken = await plugin.ExecAsync("escni", "CHECK", withPrev, "ctr-" + cniVersion, pod.Path, podName: "web");
        Assert.NotEqual(0, checkBroken.ExitCode);

        PluginResult del = await plugin.ExecAsync("escni", "DEL", withPrev, "ctr-" + cniVersion, pod.Path, podName: "web");
        Assert.True(del.ExitCode == 0, del.ToString());
        Assert.DoesNotContain($"to {ip} ", stack.Node.Exec("ip", "rule", "show"), StringComparison.Ordinal);
        Assert.Equal(string.Empty, stack.Node.Exec("ip", "route", "show", ip).Trim());
        Assert.DoesNotContain((await stack.GetJsonAsync("/v1/pods")).EnumerateArray(), p => p.GetProperty("ip").GetString() == ip);

        PluginResult secondDel = await plugin.ExecAsync("escni", "DEL", withPrev, "ctr-" + cniVersion, pod.Path, podName: "web");
        Assert.True(secondDel.ExitCode == 0, secondDel.ToString());
        pod.Dispose();
        PluginResult delGone = await plugin.ExecAsync("escni", "DEL", withPrev, "ctr-" + cniVersion, pod.Path, podName: "web");
        Assert.True(delGone.ExitCode == 0, delGone.ToString());
    }

    [Fact]
    public async Task Conflist_1_0_0_WithDebianPortmapAndTuning_ChainsAndTearsDown()
    {
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: new Dictionary<string, string> { ["WARM_IP_TARGET"] = "3" });
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 1, TimeSpan.FromSeconds(60), "a free IP");
        using NetworkNamespace pod = NetworkNamespace.Create("escni-itpod");
        var plugin = new PluginRunner(stack);
        JsonObject escni = plugin.EscniConfig(Path.Combine(stack.WorkDirectory, "plugin.log"));
        var conflist = new JsonObject
        {
            ["cniVersion"] = "1.0.0",
            ["name"] = "escni",
            ["plugins"] = new JsonArray(
                escni,
                new JsonObject { ["type"] = "portmap", ["capabilities"] = new JsonObject { ["portMappings"] = true }, ["snat"] = true,
                    ["runtimeConfig"] = new JsonObject { ["portMappings"] = new JsonArray(new JsonObject { ["hostPort"] = 18080, ["containerPort"] = 80, ["protocol"] = "tcp" }) } },
                new JsonObject { ["type"] = "tuning", ["sysctl"] = new JsonObject { ["net.core.somaxconn"] = "777" } }),
        };

        PluginResult add = await plugin.ExecListAsync("ADD", conflist, "ctr-chain", pod.Path);
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains("777", pod.Exec("sysctl", "-n", "net.core.somaxconn"), StringComparison.Ordinal);
        Assert.Contains("18080", stack.Node.Exec("iptables", "-t", "nat", "-S"), StringComparison.Ordinal);

        PluginResult del = await plugin.ExecListAsync("DEL", conflist, "ctr-chain", pod.Path, JsonNode.Parse(add.Stdout));
        Assert.True(del.ExitCode == 0, del.ToString());
        Assert.DoesNotContain("18080", stack.Node.Exec("iptables", "-t", "nat", "-S"), StringComparison.Ordinal);
        Assert.Empty((await stack.GetJsonAsync("/v1/pods")).EnumerateArray());
    }

    private static JsonObject Config(PluginRunner plugin, NodeStack stack, string cniVersion)
    {
        JsonObject config = plugin.EscniConfig(Path.Combine(stack.WorkDirectory, "plugin.log"));
        config["cniVersion"] = cniVersion;
        config["name"] = "escni";
        return config;
    }
}
