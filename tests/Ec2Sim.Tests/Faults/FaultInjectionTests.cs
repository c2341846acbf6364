using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using EsCni.Ec2Sim.Faults;
using EsCni.Ec2Sim.Recording;

namespace EsCni.Ec2Sim.Tests.Faults;

/// <summary>Injected faults as the real SDK sees them: throttling, 5xx, outage, token buckets, lost responses.</summary>
public sealed class FaultInjectionTests
{
    private const string SubnetId = "subnet-0sim000000000001";

    [Fact]
    public async Task ThrottleRate_One_FailsWithRequestLimitExceeded503()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions { Faults = new() { ThrottleRate = 1 } });
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);

        AmazonEC2Exception e = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest()));

        Assert.Equal("RequestLimitExceeded", e.ErrorCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        Assert.Equal("error", sim.Calls.Ec2Calls("DescribeNetworkInterfaces").Single().Outcome);
    }

    [Fact]
    public async Task ThrottleRate_Partial_ThrottlesAboutThatShareAndSparesOthers()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions
        {
            Seed = 7,
            Faults = new() { ThrottleRate = 0.3, ThrottleActions = ["DescribeSubnets"] },
        });
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        int throttled = 0;
        for (int i = 0; i < 100; i++)
        {
            try
            {
                await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest());
            }
            catch (AmazonEC2Exception e) when (e.ErrorCode == "RequestLimitExceeded")
            {
                throttled++;
            }
        }
        await ec2.DescribeInstancesAsync(new DescribeInstancesRequest());

        Assert.InRange(throttled, 15, 45);
        Assert.Equal("ok", sim.Calls.Ec2Calls("DescribeInstances").Single().Outcome);
    }

    [Fact]
    public async Task ErrorRate_One_FailsWithInternalError500WithoutApplying()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions { Faults = new() { ErrorRate = 1 } });
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);

        AmazonEC2Exception e = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = SubnetId }));

        Assert.Equal("InternalError", e.ErrorCode);
        Assert.Equal(HttpStatusCode.InternalServerError, e.StatusCode);
        Assert.Single(sim.Simulator.Enis);
    }

    [Fact]
    public async Task Outage_On_FailsEveryCallWithUnavailableUntilOff()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        sim.Simulator.Faults = sim.Simulator.Faults with { Outage = true };

        AmazonEC2Exception e = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeInstancesAsync(new DescribeInstancesRequest()));
        sim.Simulator.Faults = sim.Simulator.Faults with { Outage = false };
        await ec2.DescribeInstancesAsync(new DescribeInstancesRequest());

        Assert.Equal("Unavailable", e.ErrorCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
    }

    [Fact]
    public async Task ThrottleBucket_Exhausted_ThrottlesThatClassOnly()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions
        {
            Faults = new() { ThrottleBuckets = new System.Collections.Generic.Dictionary<string, ThrottleBucketSettings> { [ApiClass.Mutate] = new(2, 0) } },
        });
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        await ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = SubnetId });
        await ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = SubnetId });

        AmazonEC2Exception e = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = SubnetId }));
        for (int i = 0; i < 5; i++)
        {
            await ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest());
        }

        Assert.Equal("RequestLimitExceeded", e.ErrorCode);
        Assert.Equal(3, sim.Simulator.Enis.Count);
    }

    [Fact]
    public async Task LostResponse_Abort_ClientFailsButEniExists()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions
        {
            Faults = new() { LostResponseRate = 1, LostResponseActions = ["CreateNetworkInterface"] },
        });
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);

        await Assert.ThrowsAnyAsync<Exception>(() =>
            ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = SubnetId, ClientToken = "lost-1" }));
        // Describe is not in lostResponseActions, so the client can find what it created.
        var found = (await ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest
        {
            Filters = [new Filter("status", ["available"])],
        })).NetworkInterfaces;

        Assert.Single(found);
        CallRecord call = sim.Calls.Ec2Calls("CreateNetworkInterface").Single();
        Assert.Equal("lost", call.Outcome);
        Assert.Contains("ClientToken=lost-1", call.Parameters, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LostResponse_AbortWithSdkDefaultStaleRetries_RetriedButClientTokenKeepsOneEni()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions
        {
            Faults = new() { LostResponseRate = 1, LostResponseActions = ["CreateNetworkInterface"] },
        });
        // The SDK retries a reset connection up to MaxStaleConnectionRetries (default 10) times outside MaxErrorRetry.
        using var ec2 = new AmazonEC2Client(new Amazon.Runtime.BasicAWSCredentials("a", "b"), new AmazonEC2Config
        {
            ServiceURL = sim.Endpoint.ToString(),
            AuthenticationRegion = "us-west-2",
            MaxErrorRetry = 0,
        });

        await Assert.ThrowsAnyAsync<Exception>(() =>
            ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = SubnetId, ClientToken = "lost-2" }));

        Assert.True(sim.Calls.Ec2Calls("CreateNetworkInterface", "lost").Count > 1);
        Assert.Equal(2, sim.Simulator.Enis.Count);
    }

    [Fact]
    public async Task LostResponse_DelayPastClientTimeout_ClientTimesOutButIpsAssigned()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions
        {
            Faults = new() { LostResponseRate = 1, LostResponseMode = LostResponseMode.Delay, LostResponseDelayMs = 8_000, LostResponseActions = ["AssignPrivateIpAddresses"] },
        });
        using AmazonEC2Client ec2 = SimClients.Ec2(sim, timeout: TimeSpan.FromSeconds(2));
        await ec2.DescribeInstancesAsync(new DescribeInstancesRequest()); // warm up, so the timeout measures only the held response

        await Assert.ThrowsAnyAsync<Exception>(() => ec2.AssignPrivateIpAddressesAsync(
            new AssignPrivateIpAddressesRequest { NetworkInterfaceId = "eni-0sim0000000000001", SecondaryPrivateIpAddressCount = 2 }));

        Assert.Equal(3, sim.Simulator.FindEni("eni-0sim0000000000001")!.PrivateIps.Count);
        Assert.Equal("lost", sim.Calls.Ec2Calls("AssignPrivateIpAddresses").Single().Outcome);
    }
}
