using System.Text.Json.Nodes;
using EsCni.Integration.Support;
using EsCni.Protocol.V1;
using Grpc.Net.Client;

namespace EsCni.Integration.Reliability;

/// <summary>
/// A DEL whose release the daemon already made durable, but whose answer never reached the plugin (the daemon was
/// SIGKILLed between the append and the reply): the plugin's retry finds nothing allocated. The crash storm met it as a
/// `to IP lookup main prio 512` rule left on the node with no pod. Here the first attempt is played by a DelNetwork sent
/// straight to the daemon, then the real plugin's DEL runs with prevResult, as containerd sends it.
/// </summary>
[Collection(nameof(NodeCollection))]
public sealed class LostDelReplyTests
{
    [Fact]
    public async Task Del_AfterTheDaemonAlreadyReleased_RemovesTheHostRulesFromPrevResult()
    {
        await using NodeStack stack = await StartAsync();
        using NetworkNamespace pod = NetworkNamespace.Create("escni-ldr");
        (PluginRunner plugin, JsonObject del, _) = await AddThenReleaseBehindThePluginAsync(stack, pod, "ldr-1");

        PluginResult result = await plugin.ExecAsync("escni", "DEL", del, "ldr-1", pod.Path, podName: "ldr-1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(HostPodState.Read(stack.Node).Differences(new HashSet<string>()));
    }

    [Fact]
    public async Task Del_AfterTheDaemonAlreadyReleased_LeavesTheRulesOfAPodTheIpWentTo()
    {
        await using NodeStack stack = await StartAsync();
        using NetworkNamespace pod = NetworkNamespace.Create("escni-ldr");
        (PluginRunner plugin, JsonObject del, string ip) = await AddThenReleaseBehindThePluginAsync(stack, pod, "ldr-2");

        // The pod's veth is deleted first, as DEL does, and another pod is wired with the same IP: its own veth, host route
        // and rule (the rule is the same bytes as the first pod's, already there). Which IP a new ADD gets is the pool's
        // choice, so the second pod's host side is written here by hand.
        pod.Exec("ip", "link", "del", "eth0");
        stack.Node.Exec("ip", "link", "add", "eniLdrOther", "type", "veth", "peer", "name", "ldrOtherPod");
        stack.Node.Exec("ip", "link", "set", "eniLdrOther", "up");
        stack.Node.Exec("ip", "link", "set", "ldrOtherPod", "up");
        stack.Node.Exec("ip", "route", "replace", ip + "/32", "dev", "eniLdrOther", "scope", "link");
        PluginResult result = await plugin.ExecAsync("escni", "DEL", del, "ldr-2", pod.Path, podName: "ldr-2");

        Assert.True(result.ExitCode == 0, result.ToString());
        HostPodState host = HostPodState.Read(stack.Node);
        Assert.Contains(ip, host.ToPodRules);
        Assert.Contains(ip, host.HostRoutes);
    }

    private static async Task<NodeStack> StartAsync()
    {
        NodeStack stack = await NodeStack.StartAsync();
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 1, TimeSpan.FromSeconds(60), "1 free IP");
        return stack;
    }

    /// <summary>
    /// ADDs the pod through the plugin, then does what the daemon does with a DEL's first attempt before it dies: the
    /// release is in the journal, and the plugin never hears of it.
    /// </summary>
    /// <returns>The plugin, the config its DEL gets (with prevResult) and the pod's IP.</returns>
    private static async Task<(PluginRunner Plugin, JsonObject DelConfig, string Ip)> AddThenReleaseBehindThePluginAsync(NodeStack stack, NetworkNamespace pod, string key)
    {
        var plugin = new PluginRunner(stack);
        JsonObject config = RuntimeCalls.Config(plugin, stack);
        (string ip, string result) = await RuntimeCalls.AddAsync(plugin, config, key, pod);
        Assert.Contains(ip, HostPodState.Read(stack.Node).ToPodRules);

        using GrpcChannel channel = stack.OpenChannel();
        DelNetworkReply reply = await new CniBackend.CniBackendClient(channel).DelNetworkAsync(CniRequests.Del(key));
        Assert.True(reply.Found, $"the daemon held nothing for {key}");
        return (plugin, RuntimeCalls.WithPrev(config, result), ip);
    }
}
