using System.Text.Json;
using EsCni.Integration.Support;
using EsCni.Protocol.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace EsCni.Integration.Daemon;

/// <summary>The real escni-ipamd process against the EC2 simulator in a node namespace: start, serve, crash, recover.</summary>
[Collection(nameof(NodeCollection))]
public sealed class DaemonLifecycleTests
{
    [Fact]
    public async Task ColdStart_EmptyJournal_ReachesWarmTargetAndServesAdd()
    {
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: new Dictionary<string, string> { ["WARM_IP_TARGET"] = "5" });
        await stack.StartDaemonAsync();

        JsonElement pool = await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 5, TimeSpan.FromSeconds(60), "5 free IPs (WARM_IP_TARGET)");
        Assert.True(pool.GetProperty("ready").GetBoolean(), pool.ToString());

        using GrpcChannel channel = stack.OpenChannel();
        var client = new CniBackend.CniBackendClient(channel);
        AddNetworkReply first = await client.AddNetworkAsync(CniRequests.Add("c1"));
        AddNetworkReply again = await client.AddNetworkAsync(CniRequests.Add("c1"));
        Assert.Equal(first.IpAllocationMetadata[0].Ipv4Addr, again.IpAllocationMetadata[0].Ipv4Addr);
        Assert.True(again.Existing);

        JsonElement pods = await stack.GetJsonAsync("/v1/pods");
        JsonElement pod = Assert.Single(pods.EnumerateArray());
        Assert.Equal("c1", pod.GetProperty("containerId").GetString());
        Assert.Equal(first.IpAllocationMetadata[0].Ipv4Addr, pod.GetProperty("ip").GetString());

        DelNetworkReply deleted = await client.DelNetworkAsync(CniRequests.Del("c1"));
        Assert.True(deleted.Found);
        DelNetworkReply deletedAgain = await client.DelNetworkAsync(CniRequests.Del("c1"));
        Assert.False(deletedAgain.Found);
    }

    [Fact]
    public async Task AddNetwork_OtherClientVersion_FailedPreconditionNamingBoth()
    {
        await using NodeStack stack = await NodeStack.StartAsync();
        await stack.StartDaemonAsync();
        using GrpcChannel channel = stack.OpenChannel();
        var client = new CniBackend.CniBackendClient(channel);
        AddNetworkRequest request = CniRequests.Add("c1");
        request.ClientVersion = "0.0.1-other";

        RpcException refused = await Assert.ThrowsAsync<RpcException>(async () => await client.AddNetworkAsync(request));

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("0.0.1-other", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(CniRequests.ClientVersion, refused.Status.Detail, StringComparison.Ordinal);
    }
}
