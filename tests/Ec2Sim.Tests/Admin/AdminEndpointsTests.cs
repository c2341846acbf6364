using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using EsCni.Ec2Sim.Faults;

namespace EsCni.Ec2Sim.Tests.Admin;

/// <summary>The admin JSON API: faults (partial PUT), calls, reset, state.</summary>
public sealed class AdminEndpointsTests
{
    [Fact]
    public async Task PutFaults_PartialBody_ChangesOnlyThoseFieldsAndTakesEffect()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions { Faults = new() { LatencyMs = 1 } });
        using HttpClient http = SimClients.Http(sim);
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);

        using HttpResponseMessage put = await http.PutAsync("admin/faults",
            new StringContent("""{"outage": true, "throttleBucket": {"capacity": 5, "refillPerSecond": 1}, "lostResponseActions": ["CreateNetworkInterface"]}""", Encoding.UTF8, "application/json"));
        AmazonEC2Exception e = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeInstancesAsync(new DescribeInstancesRequest()));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        FaultSettings now = sim.Simulator.Faults;
        Assert.True(now.Outage);
        Assert.Equal(1, now.LatencyMs);
        Assert.Equal(new ThrottleBucketSettings(5, 1), now.ThrottleBucket);
        Assert.Equal(["CreateNetworkInterface"], now.LostResponseActions);
        Assert.Equal("Unavailable", e.ErrorCode);
    }

    [Fact]
    public async Task PutFaults_InvalidValues_Is400NamingEachAndKeepsSettings()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using HttpClient http = SimClients.Http(sim);

        using HttpResponseMessage put = await http.PutAsync("admin/faults",
            new StringContent("""{"errorRate": 2, "imdsLagMs": -5, "bogus": 1}""", Encoding.UTF8, "application/json"));
        string body = await put.Content.ReadAsStringAsync();
        using HttpResponseMessage invalid = await http.PutAsync("admin/faults",
            new StringContent("""{"errorRate": 2, "imdsLagMs": -5}""", Encoding.UTF8, "application/json"));
        string invalidBody = await invalid.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Contains("bogus", body, System.StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("errorRate is 2", invalidBody, System.StringComparison.Ordinal);
        Assert.Contains("imdsLagMs is -5", invalidBody, System.StringComparison.Ordinal);
        Assert.Equal(new FaultSettings().ErrorRate, sim.Simulator.Faults.ErrorRate);
    }

    [Fact]
    public async Task Calls_AfterEc2AndImdsCalls_ListsThemAndResetClears()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using HttpClient http = SimClients.Http(sim);
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { SubnetIds = ["subnet-0sim000000000001"] });
        (await http.GetAsync("latest/meta-data/mac")).Dispose();

        using JsonDocument calls = JsonDocument.Parse(await http.GetStringAsync("admin/calls"));
        (await http.PostAsync("admin/reset-calls", null)).Dispose();
        using JsonDocument afterReset = JsonDocument.Parse(await http.GetStringAsync("admin/calls"));

        JsonElement[] list = calls.RootElement.EnumerateArray().ToArray();
        Assert.Equal("ec2", list[0].GetProperty("api").GetString());
        Assert.Equal("DescribeSubnets", list[0].GetProperty("action").GetString());
        Assert.Contains("SubnetId.1=subnet-0sim000000000001", list[0].GetProperty("parameters").GetString(), System.StringComparison.Ordinal);
        Assert.Equal("ok", list[0].GetProperty("outcome").GetString());
        Assert.False(string.IsNullOrEmpty(list[0].GetProperty("requestId").GetString()));
        Assert.Equal("imds", list[1].GetProperty("api").GetString());
        Assert.Equal(401, list[1].GetProperty("httpStatus").GetInt32());
        Assert.Empty(afterReset.RootElement.EnumerateArray());
    }

    [Fact]
    public async Task State_AfterCreate_ShowsEnisSubnetsAndInstance()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using HttpClient http = SimClients.Http(sim);
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        string eni = (await ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest
        {
            SubnetId = "subnet-0sim000000000001",
            TagSpecifications = [new TagSpecification { ResourceType = ResourceType.NetworkInterface, Tags = [new Tag("owner", "test")] }],
        })).NetworkInterface.NetworkInterfaceId;

        using JsonDocument state = JsonDocument.Parse(await http.GetStringAsync("admin/state"));

        JsonElement root = state.RootElement;
        Assert.Equal("vpc-0sim0000000000001", root.GetProperty("vpc").GetProperty("id").GetString());
        Assert.Equal("i-0sim00000000000001", root.GetProperty("instance").GetProperty("id").GetString());
        JsonElement subnet = root.GetProperty("subnets")[0];
        Assert.Equal("10.10.0.0/20", subnet.GetProperty("subnet").GetProperty("cidrBlock").GetString());
        Assert.Equal(4096 - 5 - 2, subnet.GetProperty("availableIpAddressCount").GetInt32());
        JsonElement created = root.GetProperty("enis").EnumerateArray().Single(e => e.GetProperty("id").GetString() == eni);
        Assert.Equal("available", created.GetProperty("status").GetString());
        Assert.Equal("test", created.GetProperty("tags").GetProperty("owner").GetString());
        JsonElement primary = root.GetProperty("enis").EnumerateArray().Single(e => e.GetProperty("id").GetString() == "eni-0sim0000000000001");
        Assert.Equal("in-use", primary.GetProperty("status").GetString());
        Assert.Equal(0, primary.GetProperty("attachment").GetProperty("deviceIndex").GetInt32());
    }

    [Fact]
    public async Task UnknownPath_Is404AndRecorded()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using HttpClient http = SimClients.Http(sim);

        using HttpResponseMessage response = await http.GetAsync("nothing/here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(sim.Calls.Snapshot(), c => c.Api == "http" && c.Action == "GET /nothing/here" && c.HttpStatus == 404);
    }
}
