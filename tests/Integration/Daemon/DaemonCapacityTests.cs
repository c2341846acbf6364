using System.Text.Json;
using System.Text.Json.Nodes;
using EsCni.Integration.Support;
using EsCni.Protocol.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace EsCni.Integration.Daemon;

/// <summary>
/// A node filled to its limit says so everywhere: the plugin's ADD error names the limit, /v1/pool, STATUS and
/// the metrics say "at capacity" with the kubelet max-pods figure, and a DEL ends it. A subnet out of addresses is
/// told apart from both capacity and a refill.
/// </summary>
[Collection(nameof(NodeCollection))]
public sealed class DaemonCapacityTests
{
    // An m5.large capped to its primary ENI: 1 × (10 − 1) = 9 pod IPs, kubelet max-pods 11.
    private const int PodIps = 9;
    private const string Limit = "m5.large with MAX_ENI=1 holds 9 pod IPs";

    [Fact]
    public async Task AddNetwork_NodeAtMaxEniLimit_FailsNamingTheLimitAndEverySignalSaysAtCapacity()
    {
        await using NodeStack stack = await NodeStack.StartAsync("m5.large", new Dictionary<string, string> { ["MAX_ENI"] = "1" });
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("totalIps").GetInt32() == PodIps, TimeSpan.FromSeconds(60), $"{PodIps} IPs on the primary ENI");
        using GrpcChannel channel = stack.OpenChannel();
        var client = new CniBackend.CniBackendClient(channel);
        for (int i = 0; i < PodIps; i++)
        {
            await client.AddNetworkAsync(CniRequests.Add($"fill-{i}"));
        }

        using NetworkNamespace pod = NetworkNamespace.Create("escni-itpod");
        var plugin = new PluginRunner(stack);
        JsonObject config = plugin.EscniConfig(Path.Combine(stack.WorkDirectory, "plugin.log"));
        config["cniVersion"] = "1.1.0";
        config["name"] = "escni";
        PluginResult add = await plugin.ExecAsync("escni", "ADD", config, "ctr-one-too-many", pod.Path, podName: "one-too-many");

        Assert.True(add.ExitCode != 0, add.ToString());
        using (JsonDocument error = add.Json())
        {
            Assert.Equal(11, error.RootElement.GetProperty("code").GetInt32());
            string msg = error.RootElement.GetProperty("msg").GetString()!;
            Assert.Contains($"node at capacity (AddNetwork): {Limit}; {PodIps} allocated", msg, StringComparison.Ordinal);
            Assert.Contains("kubelet max-pods to 11", msg, StringComparison.Ordinal);
            Assert.DoesNotContain("refilled", add.Stdout, StringComparison.Ordinal);
        }

        JsonElement pool = await stack.GetJsonAsync("/v1/pool");
        Assert.True(pool.GetProperty("atCapacity").GetBoolean());
        Assert.Equal(Limit, pool.GetProperty("capacity").GetProperty("summary").GetString());
        Assert.Equal(PodIps, pool.GetProperty("capacity").GetProperty("maxPodIps").GetInt32());
        Assert.Equal(11, pool.GetProperty("capacity").GetProperty("maxPods").GetInt32());

        StatusReply status = await client.StatusAsync(new StatusRequest { ClientVersion = CniRequests.ClientVersion });
        Assert.True(status.Ready);
        Assert.True(status.AtCapacity);
        Assert.Equal(11, status.MaxPods);
        PluginResult statusVerb = await plugin.ExecAsync("escni", "STATUS", config, "", "");
        Assert.True(statusVerb.ExitCode == 0, statusVerb.ToString());
        Assert.Contains("STATUS ready, at capacity: " + Limit, await File.ReadAllTextAsync(Path.Combine(stack.WorkDirectory, "plugin.log")), StringComparison.Ordinal);

        Assert.Equal("1", await WaitForMetricAsync(stack, "escni_pool_at_capacity", "1"));
        Assert.Equal("11", await WaitForMetricAsync(stack, "escni_max_pods", "11"));

        // One DEL: no longer at capacity, and the next ADD waits for that IP's cooldown instead of a refill.
        await client.DelNetworkAsync(CniRequests.Del("fill-0"));
        pool = await stack.GetJsonAsync("/v1/pool");
        Assert.False(pool.GetProperty("atCapacity").GetBoolean());
        RpcException cooling = await Assert.ThrowsAsync<RpcException>(async () => await client.AddNetworkAsync(CniRequests.Add("after-del")));
        Assert.Equal("NoIpAvailable", cooling.Trailers.GetValue("escni-rejection"));
        Assert.Contains($"{Limit} and all are in the pool", cooling.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("0", await WaitForMetricAsync(stack, "escni_pool_at_capacity", "0"));
    }

    [Fact]
    public async Task AddNetwork_SubnetOutOfAddresses_FailsSayingSoInsteadOfRefilling()
    {
        // The subnet has 2 addresses left: the warm pool (WARM_IP_TARGET=2) gets them, and once a pod takes one its
        // next AssignPrivateIpAddresses fails with InsufficientFreeAddressesInSubnet.
        await using NodeStack stack = await NodeStack.StartAsync("m5.large", new Dictionary<string, string> { ["WARM_IP_TARGET"] = "2" }, subnetFreeCapacity: 2);
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 2, TimeSpan.FromSeconds(60), "2 free IPs");
        using GrpcChannel channel = stack.OpenChannel();
        var client = new CniBackend.CniBackendClient(channel);
        await client.AddNetworkAsync(CniRequests.Add("fill-0"));
        await client.AddNetworkAsync(CniRequests.Add("fill-1"));

        // Until the warm pool's attempt has failed, "being refilled" is the truth; poll until EC2 has answered.
        RpcException? refused = null;
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline && refused?.Trailers.GetValue("escni-rejection") != "SubnetExhausted")
        {
            refused = await Assert.ThrowsAsync<RpcException>(async () => await client.AddNetworkAsync(CniRequests.Add("one-too-many")));
            await Task.Delay(200);
        }

        Assert.NotNull(refused);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal("SubnetExhausted", refused.Trailers.GetValue("escni-rejection"));
        Assert.Contains("the subnet has no free addresses (EC2 AssignPrivateIpAddresses answered InsufficientFreeAddressesInSubnet", refused.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("refilled", refused.Status.Detail, StringComparison.Ordinal);
        Assert.False((await stack.GetJsonAsync("/v1/pool")).GetProperty("atCapacity").GetBoolean());
    }

    /// <summary>Polls /metrics (refreshed once a second) until the gauge has the value; returns the last value seen.</summary>
    private static async Task<string?> WaitForMetricAsync(NodeStack stack, string name, string expected)
    {
        string? value = null;
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            string metrics = await stack.Metrics.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            value = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal))?[(name.Length + 1)..].Trim();
            if (value == expected)
            {
                return value;
            }

            await Task.Delay(200);
        }

        return value;
    }
}
