using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;

namespace EsCni.Ec2Sim.Tests.Actions;

/// <summary>Many clients at once: addresses stay unique across the VPC and limits hold.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task CreateAndAssign_InParallel_EveryAddressUniqueInVpc()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);

        await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            string eni = (await ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest
            {
                SubnetId = "subnet-0sim000000000001",
                SecondaryPrivateIpAddressCount = 3,
            })).NetworkInterface.NetworkInterfaceId;
            await ec2.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = eni, SecondaryPrivateIpAddressCount = 4 });
            await ec2.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = eni, Ipv4PrefixCount = 1 });
        }));

        var addresses = sim.Simulator.Enis.Values.SelectMany(e => e.PrivateIps.Select(p => p.Address)).ToList();
        var prefixes = sim.Simulator.Enis.Values.SelectMany(e => e.Ipv4Prefixes).ToList();
        Assert.Equal(1 + (12 * 8), addresses.Count);
        Assert.Equal(addresses.Count, addresses.Distinct().Count());
        Assert.Equal(12, prefixes.Distinct().Count());
        Assert.DoesNotContain(addresses, a => prefixes.Any(p => EsCni.Ec2Sim.Model.Ipv4Cidr.Parse(p).Contains(Parse(a))));
    }

    private static uint Parse(string address)
    {
        EsCni.Ec2Sim.Model.Ipv4Cidr.TryParseAddress(address, out uint a);
        return a;
    }
}
