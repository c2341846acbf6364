using System.Text.Json;
using EsCni.Integration.Support;
using EsCni.Protocol.V1;
using EsCni.Testing;
using Grpc.Net.Client;

namespace EsCni.Integration.Daemon;

/// <summary>Host networking of secondary ENIs in the node namespace: set up after attach, restored after deletion.</summary>
[Collection(nameof(NodeCollection))]
public sealed class DaemonHostNetworkTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_everyExec = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task SecondaryEni_RouteTableAndRules_PresentAndRestoredAfterDeletion()
    {
        // 12 warm IPs do not fit on the primary ENI of an m5.large (9 pod IPs): a second ENI is attached.
        await using NodeStack stack = await NodeStack.StartAsync("m5.large", new Dictionary<string, string> { ["WARM_IP_TARGET"] = "12" });
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("enis").GetInt32() >= 2, TimeSpan.FromSeconds(60), "a second ENI");
        JsonElement eni = (await stack.GetJsonAsync("/v1/enis")).EnumerateArray().First(e => e.GetProperty("deviceIndex").GetInt32() == 1);
        string primaryIp = eni.GetProperty("primaryIp").GetString()!;

        await Poll.UntilAsync(() => stack.Node.TryExec("ip", "route", "show", "table", "2").Contains("default via", StringComparison.Ordinal), "default route in table 2", s_patience, s_everyExec);
        await Poll.UntilAsync(() => stack.Node.Exec("ip", "rule", "show").Contains($"from {primaryIp} lookup 2", StringComparison.Ordinal), "rule from the ENI's IP", s_patience, s_everyExec);

        stack.Node.Exec("ip", "route", "flush", "table", "2");
        stack.Node.Exec("ip", "rule", "del", "from", primaryIp, "lookup", "2");

        await Poll.UntilAsync(() => stack.Node.TryExec("ip", "route", "show", "table", "2").Contains("default via", StringComparison.Ordinal), "default route in table 2 restored", s_patience, s_everyExec);
        await Poll.UntilAsync(() => stack.Node.Exec("ip", "rule", "show").Contains($"from {primaryIp} lookup 2", StringComparison.Ordinal), "rule restored", s_patience, s_everyExec);
    }

    [Fact]
    public async Task AllocationNeverWired_AfterGrace_JournaledAsDriftAndResolvedByDel()
    {
        await using NodeStack stack = await NodeStack.StartAsync("m5.large", new Dictionary<string, string> { ["WARM_IP_TARGET"] = "2", ["ESCNI_POD_DRIFT_GRACE_S"] = "1" });
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 1, TimeSpan.FromSeconds(60), "a free IP");
        using GrpcChannel channel = stack.OpenChannel();
        var client = new CniBackend.CniBackendClient(channel);

        // Allocated through gRPC only: no plugin ever wires a host route for it.
        string ip = (await client.AddNetworkAsync(CniRequests.Add("unwired"))).IpAllocationMetadata[0].Ipv4Addr;
        await WaitForEventAsync(stack, "DriftDetected", "host:pod:" + ip);

        await client.DelNetworkAsync(CniRequests.Del("unwired"));
        await WaitForEventAsync(stack, "DriftResolved", "host:pod:" + ip);
    }

    private static Task WaitForEventAsync(NodeStack stack, string type, string subject) =>
        Poll.UntilAsync(async () =>
        {
            JsonElement events = await stack.GetJsonAsync("/v1/events?since=0&limit=10000");
            return events.EnumerateArray().Any(e => e.GetProperty("type").GetString() == type && e.GetProperty("event").GetProperty("subject").GetString() == subject);
        }, $"{type} for {subject}", s_patience, TimeSpan.FromMilliseconds(300));
}
