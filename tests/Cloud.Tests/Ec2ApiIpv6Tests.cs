using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using EsCni.Cloud;
using EsCni.Ec2Sim.Model;
using EsCni.Testing;

namespace EsCni.Cloud.Tests;

/// <summary>IPv6 through the real SDK and IMDS client against the simulator: the /80 the VPC CNI's IPv6 mode takes.</summary>
public sealed class Ec2ApiIpv6Tests
{
    private static readonly CancellationToken s_none = CancellationToken.None;

    private static readonly Scenario s_ipv6 = Scenario.Default with
    {
        Vpc = new ScenarioVpc { Ipv6CidrBlocks = ["2600:1f14:abc:de00::/56"] },
        Subnets = [new ScenarioSubnet { Ipv6CidrBlock = "2600:1f14:abc:de01::/64" }],
    };

    [Fact]
    public async Task AssignIpv6Prefix_Ipv6Subnet_ReturnsTheSlash80ThatDescribeAndImdsThenShow()
    {
        await using SimulatedCloud cloud = await SimulatedCloud.StartAsync(scenario: s_ipv6);
        string primaryEni = (await cloud.Ec2.DescribeInstanceAsync(s_none)).Value.PrimaryEni.EniId;

        Ec2Result<IPNetwork> prefix = await cloud.Ec2.AssignIpv6PrefixAsync(primaryEni, s_none);

        Assert.Equal(IPNetwork.Parse("2600:1f14:abc:de01:1::/80"), prefix.Value);
        Assert.Contains(cloud.Ec2Calls("AssignIpv6Addresses"), c => c.RequestId == prefix.Receipt.RequestId);
        EniDescription described = (await cloud.Ec2.DescribeInstanceEnisAsync(s_none)).Value.Single(e => e.EniId == primaryEni);
        Assert.Equal([prefix.Value], described.Ipv6Prefixes);
        Assert.Empty(described.Ipv6Addresses);
        ImdsInterface imds = (await cloud.Imds.GetInterfaceAsync(SimulatedCloud.PrimaryMac, s_none))!;
        Assert.Equal([prefix.Value], imds.Ipv6Prefixes);
        Assert.Equal([IPNetwork.Parse("2600:1f14:abc:de01::/64")], imds.SubnetIpv6Cidrs);
    }

    [Fact]
    public async Task AssignIpv6Prefix_Ipv4OnlySubnet_ThrowsCloudExceptionFromEc2()
    {
        await using SimulatedCloud cloud = await SimulatedCloud.StartAsync();
        string primaryEni = (await cloud.Ec2.DescribeInstanceAsync(s_none)).Value.PrimaryEni.EniId;

        CloudException e = await Assert.ThrowsAnyAsync<CloudException>(() => cloud.Ec2.AssignIpv6PrefixAsync(primaryEni, s_none));

        Assert.Equal("AssignIpv6Addresses", e.Api);
        Assert.Contains("no IPv6 CIDR block", e.Message);
        Assert.Empty((await cloud.Imds.GetInterfaceAsync(SimulatedCloud.PrimaryMac, s_none))!.Ipv6Prefixes);
    }
}
