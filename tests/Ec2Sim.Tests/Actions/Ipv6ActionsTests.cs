using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using EsCni.Ec2Sim.Model;

namespace EsCni.Ec2Sim.Tests.Actions;

/// <summary>IPv6 through the real AWS SDK: /80 prefixes and single addresses from the subnet's /64, what Describe* and IMDS show.</summary>
public sealed class Ipv6ActionsTests
{
    private const string PrimaryEni = "eni-0sim0000000000001";
    private const string PrimaryMac = "02:00:0a:0a:00:0a";

    /// <summary>The default world with a /56 on the VPC and a /64 on its subnet.</summary>
    public static Scenario Ipv6Scenario { get; } = Scenario.Default with
    {
        Vpc = new ScenarioVpc { Ipv6CidrBlocks = ["2600:1f14:abc:de00::/56"] },
        Subnets = [new ScenarioSubnet { Ipv6CidrBlock = "2600:1f14:abc:de01::/64" }],
    };

    [Fact]
    public async Task AssignIpv6Addresses_PrefixCount_DelegatesDistinctSlash80sOfTheSubnet()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions { Scenario = Ipv6Scenario });
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);

        AssignIpv6AddressesResponse first = await ec2.AssignIpv6AddressesAsync(new AssignIpv6AddressesRequest { NetworkInterfaceId = PrimaryEni, Ipv6PrefixCount = 1 });
        AssignIpv6AddressesResponse second = await ec2.AssignIpv6AddressesAsync(new AssignIpv6AddressesRequest { NetworkInterfaceId = PrimaryEni, Ipv6PrefixCount = 1 });
        AssignIpv6AddressesResponse singles = await ec2.AssignIpv6AddressesAsync(new AssignIpv6AddressesRequest { NetworkInterfaceId = PrimaryEni, Ipv6AddressCount = 2 });

        Assert.Equal(["2600:1f14:abc:de01:1::/80"], first.AssignedIpv6Prefixes);
        Assert.Equal(["2600:1f14:abc:de01:2::/80"], second.AssignedIpv6Prefixes);
        Assert.Equal(["2600:1f14:abc:de01::1", "2600:1f14:abc:de01::2"], singles.AssignedIpv6Addresses);
        NetworkInterface described = (await ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { NetworkInterfaceIds = [PrimaryEni] }))
            .NetworkInterfaces.Single();
        Assert.Equal(["2600:1f14:abc:de01:1::/80", "2600:1f14:abc:de01:2::/80"], described.Ipv6Prefixes.Select(p => p.Ipv6Prefix).ToArray());
        Assert.Equal(["2600:1f14:abc:de01::1", "2600:1f14:abc:de01::2"], described.Ipv6Addresses.Select(a => a.Ipv6Address).ToArray());
        Amazon.EC2.Model.Subnet subnet = (await ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest())).Subnets.Single();
        Assert.Equal("2600:1f14:abc:de01::/64", subnet.Ipv6CidrBlockAssociationSet.Single().Ipv6CidrBlock);
    }

    [Fact]
    public async Task Imds_AfterPrefixAssigned_ShowsIpv6PrefixAndBlocks()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions { Scenario = Ipv6Scenario });
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        using HttpClient http = SimClients.Http(sim);
        string root = $"latest/meta-data/network/interfaces/macs/{PrimaryMac}/";
        string token = await SimClients.ImdsTokenAsync(http);
        Assert.Equal(404, (int)(await GetAsync(http, token, root + "ipv6-prefix")).StatusCode);

        await ec2.AssignIpv6AddressesAsync(new AssignIpv6AddressesRequest { NetworkInterfaceId = PrimaryEni, Ipv6PrefixCount = 1 });

        Assert.Equal("2600:1f14:abc:de01:1::/80", await (await GetAsync(http, token, root + "ipv6-prefix")).Content.ReadAsStringAsync());
        Assert.Equal("2600:1f14:abc:de01::/64", await (await GetAsync(http, token, root + "subnet-ipv6-cidr-blocks")).Content.ReadAsStringAsync());
        Assert.Equal("2600:1f14:abc:de00::/56", await (await GetAsync(http, token, root + "vpc-ipv6-cidr-blocks")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnassignIpv6Addresses_Prefix_RemovesItAndRefusesOneNotHeld()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions { Scenario = Ipv6Scenario });
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        string prefix = (await ec2.AssignIpv6AddressesAsync(new AssignIpv6AddressesRequest { NetworkInterfaceId = PrimaryEni, Ipv6PrefixCount = 1 }))
            .AssignedIpv6Prefixes.Single();

        await ec2.UnassignIpv6AddressesAsync(new UnassignIpv6AddressesRequest { NetworkInterfaceId = PrimaryEni, Ipv6Prefixes = [prefix] });
        AmazonEC2Exception e = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.UnassignIpv6AddressesAsync(new UnassignIpv6AddressesRequest { NetworkInterfaceId = PrimaryEni, Ipv6Prefixes = [prefix] }));

        Assert.Empty(sim.Simulator.FindEni(PrimaryEni)!.Ipv6Prefixes);
        Assert.Contains(prefix, e.Message);
    }

    [Fact]
    public async Task AssignIpv6Addresses_Ipv4OnlySubnet_FailsNamingTheSubnet()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);

        AmazonEC2Exception e = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.AssignIpv6AddressesAsync(new AssignIpv6AddressesRequest { NetworkInterfaceId = PrimaryEni, Ipv6PrefixCount = 1 }));

        Assert.Contains("subnet-0sim000000000001", e.Message);
        Assert.Contains("no IPv6 CIDR block", e.Message);
    }

    [Fact]
    public void Scenario_SubnetIpv6NotASlash64InsideTheVpc_IsRefusedWithBothProblems()
    {
        Scenario bad = Scenario.Default with
        {
            Vpc = new ScenarioVpc { Ipv6CidrBlocks = ["2600:1f14:abc:de00::/56", "not-a-block"] },
            Subnets = [new ScenarioSubnet { Ipv6CidrBlock = "2600:1f14:abc:de01::/80" }],
        };

        ArgumentException e = Assert.Throws<ArgumentException>(() => new Simulator(bad, new EsCni.Ec2Sim.Faults.FaultSettings(), TimeProvider.System));

        Assert.Contains("not-a-block", e.Message);
        Assert.Contains("is not an IPv6 /64", e.Message);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, string token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-aws-ec2-metadata-token", token);
        return await http.SendAsync(request);
    }
}
