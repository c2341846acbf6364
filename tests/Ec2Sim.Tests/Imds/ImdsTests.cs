using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using Microsoft.Extensions.Time.Testing;

namespace EsCni.Ec2Sim.Tests.Imds;

/// <summary>IMDSv2: the token flow, expiry, the metadata paths the daemon reads, and lag behind EC2.</summary>
public sealed class ImdsTests
{
    [Fact]
    public async Task Get_WithFreshToken_ServesInstanceMetadata()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using HttpClient http = SimClients.Http(sim);
        string token = await TokenAsync(http, 60);

        Assert.Equal("i-0sim00000000000001", await GetAsync(http, token, "meta-data/instance-id"));
        Assert.Equal("m5.large", await GetAsync(http, token, "meta-data/instance-type"));
        Assert.Equal("us-west-2a", await GetAsync(http, token, "meta-data/placement/availability-zone"));
        Assert.Equal("us-west-2", await GetAsync(http, token, "meta-data/placement/region"));
        Assert.Equal("02:00:0a:0a:00:0a", await GetAsync(http, token, "meta-data/mac"));
        Assert.Equal("10.10.0.10", await GetAsync(http, token, "meta-data/local-ipv4"));
        string mac = "meta-data/network/interfaces/macs/02:00:0a:0a:00:0a/";
        Assert.Equal("02:00:0a:0a:00:0a/", await GetAsync(http, token, "meta-data/network/interfaces/macs/"));
        Assert.Equal("0", await GetAsync(http, token, mac + "device-number"));
        Assert.Equal("eni-0sim0000000000001", await GetAsync(http, token, mac + "interface-id"));
        Assert.Equal("subnet-0sim000000000001", await GetAsync(http, token, mac + "subnet-id"));
        Assert.Equal("10.10.0.0/20", await GetAsync(http, token, mac + "subnet-ipv4-cidr-block"));
        Assert.Equal("10.10.0.0/16", await GetAsync(http, token, mac + "vpc-ipv4-cidr-blocks"));
        Assert.Equal("sg-0sim000000000001", await GetAsync(http, token, mac + "security-group-ids"));
        Assert.Equal("10.10.0.10", await GetAsync(http, token, mac + "local-ipv4s"));
    }

    [Fact]
    public async Task Get_WithoutToken_Is401()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using HttpClient http = SimClients.Http(sim);

        using HttpResponseMessage response = await http.GetAsync("latest/meta-data/instance-id");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PutToken_WithoutTtlHeader_Is400()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using HttpClient http = SimClients.Http(sim);

        using HttpResponseMessage response = await http.PutAsync("latest/api/token", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Get_AfterTokenTtl_Is401()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions { Time = time });
        using HttpClient http = SimClients.Http(sim);
        string token = await TokenAsync(http, 2);
        Assert.Equal("i-0sim00000000000001", await GetAsync(http, token, "meta-data/instance-id"));

        time.Advance(TimeSpan.FromSeconds(2));
        using var request = new HttpRequestMessage(HttpMethod.Get, "latest/meta-data/instance-id");
        request.Headers.Add("X-aws-ec2-metadata-token", token);
        using HttpResponseMessage response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_OneSecondTtlOnRealClock_ExpiresAfterASecond()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using HttpClient http = SimClients.Http(sim);
        string token = await TokenAsync(http, 1);

        // Polled, not slept: the default clock is the system's, so the token must stop working within a few seconds.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        HttpStatusCode status;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "latest/meta-data/instance-id");
            request.Headers.Add("X-aws-ec2-metadata-token", token);
            using HttpResponseMessage response = await http.SendAsync(request);
            status = response.StatusCode;
            if (status == HttpStatusCode.OK)
            {
                await Task.Delay(100);
            }
        }
        while (status == HttpStatusCode.OK && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Macs_AfterAttachWithLag_AppearOnlyOnceLagPassed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions { Time = time, Faults = new() { ImdsLagMs = 5_000 } });
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        using HttpClient http = SimClients.Http(sim);
        string token = await TokenAsync(http, 600);
        NetworkInterface eni = (await ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest
        {
            SubnetId = "subnet-0sim000000000001",
            SecondaryPrivateIpAddressCount = 2,
        })).NetworkInterface;
        time.Advance(TimeSpan.FromSeconds(10));
        await ec2.AttachNetworkInterfaceAsync(new AttachNetworkInterfaceRequest { NetworkInterfaceId = eni.NetworkInterfaceId, InstanceId = "i-0sim00000000000001", DeviceIndex = 2 });

        string before = await GetAsync(http, token, "meta-data/network/interfaces/macs/");
        time.Advance(TimeSpan.FromMilliseconds(4_900));
        string almost = await GetAsync(http, token, "meta-data/network/interfaces/macs/");
        time.Advance(TimeSpan.FromMilliseconds(100));
        string after = await GetAsync(http, token, "meta-data/network/interfaces/macs/");

        Assert.Equal("02:00:0a:0a:00:0a/", before);
        Assert.Equal(before, almost);
        Assert.Equal(new[] { "02:00:0a:0a:00:0a/", eni.MacAddress + "/" }.Order(StringComparer.Ordinal), after.Split('\n'));
        string mac = $"meta-data/network/interfaces/macs/{eni.MacAddress}/";
        Assert.Equal("2", await GetAsync(http, token, mac + "device-number"));
        Assert.Equal(eni.NetworkInterfaceId, await GetAsync(http, token, mac + "interface-id"));
        Assert.Equal(string.Join("\n", eni.PrivateIpAddresses.Select(p => p.PrivateIpAddress)), await GetAsync(http, token, mac + "local-ipv4s"));
    }

    [Fact]
    public async Task LocalIpv4sAndPrefixes_AfterAssign_ReflectEc2()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        using HttpClient http = SimClients.Http(sim);
        string token = await TokenAsync(http, 60);

        await ec2.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = "eni-0sim0000000000001", PrivateIpAddresses = ["10.10.3.3"], Ipv4Prefixes = ["10.10.4.0/28"] });

        string mac = "meta-data/network/interfaces/macs/02:00:0a:0a:00:0a/";
        Assert.Equal("10.10.0.10\n10.10.3.3", await GetAsync(http, token, mac + "local-ipv4s"));
        Assert.Equal("10.10.4.0/28", await GetAsync(http, token, mac + "ipv4-prefix"));
    }

    [Fact]
    public async Task SecurityCredentials_Role_ServesWellFormedCredentialsExpiringLater()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using HttpClient http = SimClients.Http(sim);
        string token = await TokenAsync(http, 60);

        string role = await GetAsync(http, token, "meta-data/iam/security-credentials/");
        using JsonDocument credentials = JsonDocument.Parse(await GetAsync(http, token, "meta-data/iam/security-credentials/" + role));

        Assert.Equal("escni-node", role);
        Assert.Equal("Success", credentials.RootElement.GetProperty("Code").GetString());
        Assert.False(string.IsNullOrEmpty(credentials.RootElement.GetProperty("AccessKeyId").GetString()));
        Assert.False(string.IsNullOrEmpty(credentials.RootElement.GetProperty("SecretAccessKey").GetString()));
        Assert.False(string.IsNullOrEmpty(credentials.RootElement.GetProperty("Token").GetString()));
        Assert.True(credentials.RootElement.GetProperty("Expiration").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(1));
    }

    [Fact]
    public async Task Get_UnknownPath_Is404()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using HttpClient http = SimClients.Http(sim);
        string token = await TokenAsync(http, 60);
        using var request = new HttpRequestMessage(HttpMethod.Get, "latest/meta-data/no-such-thing");
        request.Headers.Add("X-aws-ec2-metadata-token", token);

        using HttpResponseMessage response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static Task<string> TokenAsync(HttpClient http, int ttlSeconds) => SimClients.ImdsTokenAsync(http, ttlSeconds);

    private static async Task<string> GetAsync(HttpClient http, string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "latest/" + path);
        request.Headers.Add("X-aws-ec2-metadata-token", token);
        using HttpResponseMessage response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"GET /latest/{path} answered {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }
}
