using System.Collections.Concurrent;
using System.Text.Json;
using EsCni.Integration.Support;
using EsCni.Protocol.V1;
using EsCni.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace EsCni.Integration.Daemon;

/// <summary>SIGKILL of the real daemon mid-traffic, then restart: nothing acknowledged is lost, nothing is handed out twice.</summary>
[Collection(nameof(NodeCollection))]
public sealed class DaemonCrashTests
{
    [Fact]
    public async Task Concurrent200Adds_AllDistinctIps()
    {
        await using NodeStack stack = await NodeStack.StartAsync("m5.4xlarge", new Dictionary<string, string> { ["MINIMUM_IP_TARGET"] = "210", ["WARM_IP_TARGET"] = "5" });
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 200, TimeSpan.FromSeconds(90), "200 free IPs (MINIMUM_IP_TARGET=210)");
        using GrpcChannel channel = stack.OpenChannel();
        var client = new CniBackend.CniBackendClient(channel);

        AddNetworkReply[] replies = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => client.AddNetworkAsync(CniRequests.Add($"burst-{i}", $"pod-{i}")).ResponseAsync));

        string[] ips = replies.Select(r => r.IpAllocationMetadata[0].Ipv4Addr).ToArray();
        Assert.Equal(200, ips.Distinct(StringComparer.Ordinal).Count());
        JsonElement pods = await stack.GetJsonAsync("/v1/pods");
        Assert.Equal(200, pods.GetArrayLength());
    }

    [Fact]
    public async Task KillDuringBurst_Restart_EveryAcknowledgedAllocationKeptAndNoneDuplicated()
    {
        await using NodeStack stack = await NodeStack.StartAsync("m5.xlarge", new Dictionary<string, string> { ["MINIMUM_IP_TARGET"] = "40", ["WARM_IP_TARGET"] = "5" });
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 40, TimeSpan.FromSeconds(90), "40 free IPs");

        var acknowledged = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        using var stop = new CancellationTokenSource();
        Task burst = RunBurstAsync(stack, acknowledged, stop.Token);
        await Poll.UntilAsync(() => acknowledged.Count >= 10, "ten acknowledged ADDs", TimeSpan.FromSeconds(30));
        await stack.Daemon.KillHardAsync();
        stop.Cancel();
        await burst;

        await stack.StartDaemonAsync();
        using GrpcChannel channel = stack.OpenChannel();
        var client = new CniBackend.CniBackendClient(channel);
        foreach ((string containerId, string ip) in acknowledged)
        {
            CheckReply check = await client.CheckAsync(new CheckRequest { ClientVersion = CniRequests.ClientVersion, ContainerId = containerId, IfName = "eth0", NetworkName = "escni" });
            Assert.True(check.Found, $"{containerId} was acknowledged with {ip} before the crash but is unknown after restart");
            Assert.Equal(ip, check.IpAllocationMetadata[0].Ipv4Addr);
        }

        // New ADDs after the restart never get an address some acknowledged key still holds.
        AddNetworkReply[] more = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => client.AddNetworkAsync(CniRequests.Add($"after-{i}")).ResponseAsync));
        var held = acknowledged.Values.ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(more, r => held.Contains(r.IpAllocationMetadata[0].Ipv4Addr));
        JsonElement pods = await stack.GetJsonAsync("/v1/pods");
        string[] podIps = pods.EnumerateArray().Select(p => p.GetProperty("ip").GetString()!).ToArray();
        Assert.Equal(podIps.Length, podIps.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task KillAfterRelease_Restart_CooldownStillInForce()
    {
        await using NodeStack stack = await NodeStack.StartAsync("t3.medium", new Dictionary<string, string> { ["WARM_IP_TARGET"] = "3", ["MAX_ENI"] = "1", ["IP_COOLDOWN_PERIOD"] = "600" });
        await stack.StartDaemonAsync();
        JsonElement pool = await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 3, TimeSpan.FromSeconds(60), "3 free IPs");
        using (GrpcChannel channel = stack.OpenChannel())
        {
            var client = new CniBackend.CniBackendClient(channel);
            await client.AddNetworkAsync(CniRequests.Add("cool-1"));
            await client.DelNetworkAsync(CniRequests.Del("cool-1"));
        }

        // No growth after the restart: only the pool's own free IPs (minus the cooling one) can be handed out.
        await stack.SetFaultsAsync(new { outage = true });
        await stack.Daemon.KillHardAsync();
        await stack.StartDaemonAsync();
        pool = await stack.GetJsonAsync("/v1/pool");
        int free = pool.GetProperty("free").GetInt32();
        string cooling = pool.GetProperty("cooling")[0].GetProperty("ip").GetString()!;

        using GrpcChannel again = stack.OpenChannel();
        var restarted = new CniBackend.CniBackendClient(again);
        var handedOut = new List<string>();
        for (int i = 0; i < free; i++)
        {
            handedOut.Add((await restarted.AddNetworkAsync(CniRequests.Add($"fill-{i}"))).IpAllocationMetadata[0].Ipv4Addr);
        }

        RpcException exhausted = await Assert.ThrowsAsync<RpcException>(async () => await restarted.AddNetworkAsync(CniRequests.Add("one-too-many")));
        Assert.Equal(StatusCode.ResourceExhausted, exhausted.StatusCode);
        Assert.DoesNotContain(cooling, handedOut);
    }

    private static async Task RunBurstAsync(NodeStack stack, ConcurrentDictionary<string, string> acknowledged, CancellationToken stop)
    {
        using GrpcChannel channel = stack.OpenChannel();
        var client = new CniBackend.CniBackendClient(channel);
        int next = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            // At most 25 ADDs: the kill may come late, and the pool (40) must keep room for the ADDs after the restart.
            int n;
            while (!stop.IsCancellationRequested && (n = Interlocked.Increment(ref next)) <= 25)
            {
                string containerId = $"crash-{n}";
                try
                {
                    AddNetworkReply reply = await client.AddNetworkAsync(CniRequests.Add(containerId));
                    acknowledged[containerId] = reply.IpAllocationMetadata[0].Ipv4Addr;
                }
                catch (RpcException)
                {
                    // The daemon died mid-request: not acknowledged, so nothing is promised about it.
                    return;
                }
            }
        }));
    }
}
