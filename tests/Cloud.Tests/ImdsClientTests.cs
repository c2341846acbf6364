using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using EsCni.Ec2Sim.Recording;
using EsCni.Cloud;
using Microsoft.Extensions.Time.Testing;
using EsCni.Testing;

namespace EsCni.Cloud.Tests;

/// <summary>The IMDSv2 client against the simulator's IMDS: reads, token refresh before expiry and after a 401.</summary>
public sealed class ImdsClientTests
{
    private static readonly CancellationToken s_none = CancellationToken.None;

    [Fact]
    public async Task Reads_DefaultScenario_ReturnInstanceIdentityAndPrimaryInterface()
    {
        await using SimulatedCloud cloud = await SimulatedCloud.StartAsync();
        ImdsClient imds = cloud.Imds;

        Assert.Equal(SimulatedCloud.InstanceId, await imds.GetInstanceIdAsync(s_none));
        Assert.Equal("m5.large", await imds.GetInstanceTypeAsync(s_none));
        Assert.Equal("us-west-2a", await imds.GetAvailabilityZoneAsync(s_none));
        Assert.Equal("us-west-2", await imds.GetRegionAsync(s_none));
        Assert.Equal(SimulatedCloud.PrimaryMac, await imds.GetPrimaryMacAsync(s_none));
        Assert.Equal(IPAddress.Parse("10.10.0.10"), await imds.GetLocalIpv4Async(s_none));
        Assert.Equal([IPNetwork.Parse("10.10.0.0/16")], await imds.GetVpcIpv4CidrsAsync(s_none));
        Assert.Equal([SimulatedCloud.PrimaryMac], await imds.GetInterfaceMacsAsync(s_none));
        ImdsInterface primary = (await imds.GetInterfaceAsync(SimulatedCloud.PrimaryMac, s_none))!;
        Assert.Equal(0, primary.DeviceNumber);
        Assert.Equal(SimulatedCloud.SubnetId, primary.SubnetId);
        Assert.Equal(IPNetwork.Parse("10.10.0.0/20"), primary.SubnetCidr);
        Assert.Equal(IPAddress.Parse("10.10.0.10"), primary.Ipv4Addresses[0]);
        Assert.Empty(primary.Ipv4Prefixes);
        Assert.StartsWith("eni-", primary.EniId);
        Assert.Null(await imds.GetInterfaceAsync("02:00:00:00:00:99", s_none));
    }

    [Fact]
    public async Task Reads_ManyWithLongTtl_OneTokenServesThemAll()
    {
        await using SimulatedCloud cloud = await SimulatedCloud.StartAsync();

        for (int i = 0; i < 5; i++)
        {
            await cloud.Imds.GetInstanceTypeAsync(s_none);
        }

        Assert.Single(cloud.ImdsCalls(), c => c.Action == "api/token");
    }

    [Fact]
    public async Task Read_TokenNearExpiry_RefreshedBeforeTheRequest()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using SimulatedCloud cloud = await SimulatedCloud.StartAsync(imdsOptions: new ImdsOptions { TokenTtl = TimeSpan.FromSeconds(60) }, imdsTime: clock);
        await cloud.Imds.GetInstanceTypeAsync(s_none);
        int tokensBefore = Tokens(cloud.ImdsCalls());

        // 50 s into a 60 s token the client is inside its refresh margin (a quarter of the lifetime).
        clock.Advance(TimeSpan.FromSeconds(50));
        await cloud.Imds.GetInstanceTypeAsync(s_none);

        Assert.Equal(tokensBefore + 1, Tokens(cloud.ImdsCalls()));
        Assert.DoesNotContain(cloud.ImdsCalls(), c => c.HttpStatus == 401);
    }

    [Fact]
    public async Task Read_TokenExpiredOnImdsSide_GetsNewTokenAfter401AndSucceeds()
    {
        // The client's clock stands still, so it believes its 1 s token is fresh; IMDS's clock moves on and expires it.
        var frozen = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var imdsSide = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using SimulatedCloud cloud = await SimulatedCloud.StartAsync(imdsOptions: new ImdsOptions { TokenTtl = TimeSpan.FromSeconds(1) }, imdsTime: frozen, simTime: imdsSide);
        await cloud.Imds.GetInstanceTypeAsync(s_none);
        int tokensBefore = Tokens(cloud.ImdsCalls());

        imdsSide.Advance(TimeSpan.FromMilliseconds(1300));
        string type = await cloud.Imds.GetInstanceTypeAsync(s_none);

        Assert.Equal("m5.large", type);
        IReadOnlyList<CallRecord> calls = cloud.ImdsCalls();
        Assert.Equal(tokensBefore + 1, Tokens(calls));
        CallRecord rejected = Assert.Single(calls, c => c.HttpStatus == 401);
        Assert.Equal("meta-data/instance-type", rejected.Action);
        Assert.True(calls.Last(c => c.Action == "api/token").Sequence > rejected.Sequence);
    }

    [Fact]
    public async Task Read_NoImdsListening_ThrowsCloudExceptionNamingEndpointAndVariable()
    {
        using var imds = new ImdsClient(
            new ImdsOptions { Endpoint = new Uri("http://127.0.0.1:9/"), MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(10) },
            TimeProvider.System);

        CloudException e = await Assert.ThrowsAsync<CloudException>(() => imds.GetInstanceIdAsync(s_none));

        Assert.Contains("127.0.0.1:9", e.Message);
        Assert.Contains("AWS_EC2_METADATA_SERVICE_ENDPOINT", e.Message);
    }

    private static int Tokens(IReadOnlyList<CallRecord> calls) => calls.Count(c => c.Action == "api/token");
}
