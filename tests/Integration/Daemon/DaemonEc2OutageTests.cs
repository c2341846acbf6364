using EsCni.Integration.Support;
using EsCni.Protocol.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace EsCni.Integration.Daemon;

/// <summary>EC2 down while the pool must grow: ADD fails with a clear "no IP available" and works once EC2 is back.</summary>
[Collection(nameof(NodeCollection))]
public sealed class DaemonEc2OutageTests
{
    [Fact]
    public async Task Ec2Outage_DuringGrowth_AddFailsClearlyThenSucceedsWhenEc2Returns()
    {
        await using NodeStack stack = await NodeStack.StartAsync("m5.large", new Dictionary<string, string> { ["WARM_IP_TARGET"] = "2", ["MINIMUM_IP_TARGET"] = "2" });
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 2, TimeSpan.FromSeconds(60), "2 free IPs");
        await stack.SetFaultsAsync(new { outage = true });

        using GrpcChannel channel = stack.OpenChannel();
        var client = new CniBackend.CniBackendClient(channel);
        RpcException? refused = null;
        for (int i = 0; i < 20 && refused is null; i++)
        {
            try
            {
                await client.AddNetworkAsync(CniRequests.Add($"outage-{i}"));
            }
            catch (RpcException ex)
            {
                refused = ex;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("no", refused.Status.Detail, StringComparison.OrdinalIgnoreCase);

        await stack.SetFaultsAsync(new { outage = false });
        AddNetworkReply? reply = null;
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (reply is null && DateTime.UtcNow < deadline)
        {
            try
            {
                reply = await client.AddNetworkAsync(CniRequests.Add("after-outage"));
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
            {
                await Task.Delay(250);
            }
        }

        Assert.NotNull(reply);
        Assert.NotEmpty(reply.IpAllocationMetadata[0].Ipv4Addr);
    }
}
