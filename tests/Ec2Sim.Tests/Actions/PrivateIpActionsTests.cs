using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using EsCni.Ec2Sim.Model;

namespace EsCni.Ec2Sim.Tests.Actions;

/// <summary>AssignPrivateIpAddresses / UnassignPrivateIpAddresses: counts, explicit addresses, prefixes and the limits.</summary>
public sealed class PrivateIpActionsTests
{
    private const string PrimaryEni = "eni-0sim0000000000001";

    [Fact]
    public async Task AssignPrivateIpAddresses_Count_AssignsFreshUniqueAddresses()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);

        AssignPrivateIpAddressesResponse response = await ec2.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest
        {
            NetworkInterfaceId = PrimaryEni,
            SecondaryPrivateIpAddressCount = 9,
        });

        var assigned = response.AssignedPrivateIpAddresses.Select(a => a.PrivateIpAddress).ToList();
        Assert.Equal(9, assigned.Distinct().Count());
        Assert.DoesNotContain("10.10.0.10", assigned);
        Assert.All(assigned, a => Assert.StartsWith("10.10.", a, System.StringComparison.Ordinal));
        Assert.Equal(10, sim.Simulator.FindEni(PrimaryEni)!.PrivateIps.Count);
    }

    [Fact]
    public async Task AssignPrivateIpAddresses_BeyondPerEniLimit_FailsWithPrivateIpAddressLimitExceeded()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);

        AmazonEC2Exception e = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.AssignPrivateIpAddressesAsync(
            new AssignPrivateIpAddressesRequest { NetworkInterfaceId = PrimaryEni, SecondaryPrivateIpAddressCount = 10 }));

        Assert.Equal("PrivateIpAddressLimitExceeded", e.ErrorCode);
        Assert.Single(sim.Simulator.FindEni(PrimaryEni)!.PrivateIps);
    }

    [Fact]
    public async Task AssignPrivateIpAddresses_SubnetExhausted_FailsWithInsufficientFreeAddressesInSubnet()
    {
        Scenario scenario = Scenario.Default with { Subnets = [new ScenarioSubnet { FreeCapacity = 3 }] };
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions { Scenario = scenario });
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        await ec2.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = PrimaryEni, SecondaryPrivateIpAddressCount = 3 });

        AmazonEC2Exception e = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.AssignPrivateIpAddressesAsync(
            new AssignPrivateIpAddressesRequest { NetworkInterfaceId = PrimaryEni, SecondaryPrivateIpAddressCount = 1 }));

        Assert.Equal("InsufficientFreeAddressesInSubnet", e.ErrorCode);
        Assert.Equal(0, sim.Simulator.AvailableAddressCounts()["subnet-0sim000000000001"]);
    }

    [Fact]
    public async Task AssignPrivateIpAddresses_AddressOfAnotherEni_FailsWithInUse()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        string other = (await ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = "subnet-0sim000000000001" })).NetworkInterface.NetworkInterfaceId;

        AmazonEC2Exception e = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.AssignPrivateIpAddressesAsync(
            new AssignPrivateIpAddressesRequest { NetworkInterfaceId = other, PrivateIpAddresses = ["10.10.0.10"] }));

        Assert.Equal("InvalidIPAddress.InUse", e.ErrorCode);
    }

    [Fact]
    public async Task AssignThenUnassign_ExplicitAddresses_RoundTrips()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);

        await ec2.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = PrimaryEni, PrivateIpAddresses = ["10.10.1.1", "10.10.1.2"] });
        Assert.Equal(["10.10.0.10", "10.10.1.1", "10.10.1.2"], sim.Simulator.FindEni(PrimaryEni)!.PrivateIps.Select(p => p.Address));
        await ec2.UnassignPrivateIpAddressesAsync(new UnassignPrivateIpAddressesRequest { NetworkInterfaceId = PrimaryEni, PrivateIpAddresses = ["10.10.1.1"] });

        Assert.Equal(["10.10.0.10", "10.10.1.2"], sim.Simulator.FindEni(PrimaryEni)!.PrivateIps.Select(p => p.Address));
    }

    [Fact]
    public async Task UnassignPrivateIpAddresses_PrimaryOrForeignAddress_FailsWithInvalidParameterValue()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);

        AmazonEC2Exception primary = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.UnassignPrivateIpAddressesAsync(
            new UnassignPrivateIpAddressesRequest { NetworkInterfaceId = PrimaryEni, PrivateIpAddresses = ["10.10.0.10"] }));
        AmazonEC2Exception foreign = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.UnassignPrivateIpAddressesAsync(
            new UnassignPrivateIpAddressesRequest { NetworkInterfaceId = PrimaryEni, PrivateIpAddresses = ["10.10.9.9"] }));

        Assert.Equal("InvalidParameterValue", primary.ErrorCode);
        Assert.Equal("InvalidParameterValue", foreign.ErrorCode);
    }

    [Fact]
    public async Task AssignPrivateIpAddresses_PrefixCount_AssignsAlignedSlash28AndCountsOneSlot()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);

        AssignPrivateIpAddressesResponse response = await ec2.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest
        {
            NetworkInterfaceId = PrimaryEni,
            Ipv4PrefixCount = 9,
        });
        AmazonEC2Exception full = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.AssignPrivateIpAddressesAsync(
            new AssignPrivateIpAddressesRequest { NetworkInterfaceId = PrimaryEni, Ipv4PrefixCount = 1 }));

        var prefixes = response.AssignedIpv4Prefixes.Select(p => p.Ipv4Prefix).ToList();
        Assert.Equal(9, prefixes.Count);
        Assert.All(prefixes, p => Assert.EndsWith("/28", p, System.StringComparison.Ordinal));
        Assert.DoesNotContain("10.10.0.0/28", prefixes); // holds the reserved addresses and the primary IP
        Assert.Equal("PrivateIpAddressLimitExceeded", full.ErrorCode);
        NetworkInterface described = (await ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { NetworkInterfaceIds = [PrimaryEni] })).NetworkInterfaces.Single();
        Assert.Equal(prefixes, described.Ipv4Prefixes.Select(p => p.Ipv4Prefix));
    }

    [Fact]
    public async Task UnassignPrivateIpAddresses_Prefix_FreesItsAddresses()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        int before = sim.Simulator.AvailableAddressCounts()["subnet-0sim000000000001"];
        string prefix = (await ec2.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = PrimaryEni, Ipv4Prefixes = ["10.10.2.16/28"] }))
            .AssignedIpv4Prefixes.Single().Ipv4Prefix;
        int during = sim.Simulator.AvailableAddressCounts()["subnet-0sim000000000001"];

        await ec2.UnassignPrivateIpAddressesAsync(new UnassignPrivateIpAddressesRequest { NetworkInterfaceId = PrimaryEni, Ipv4Prefixes = [prefix] });

        Assert.Equal("10.10.2.16/28", prefix);
        Assert.Equal(before - 16, during);
        Assert.Equal(before, sim.Simulator.AvailableAddressCounts()["subnet-0sim000000000001"]);
    }
}
