using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using EsCni.Testing;

namespace EsCni.Ec2Sim.Tests.NodeNetns;

/// <summary>--node-netns: real links in a real namespace follow attach and detach (needs root and iproute2).</summary>
public sealed class NodeHotplugTests
{
    [Fact]
    public async Task Start_WithNodeNetns_CreatesEth0WithPrimaryMacAndAddressUp()
    {
        string netns = NodeLinks.UniqueNamespaceName();
        await using (Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions { NodeNetns = netns }))
        {
            JsonElement eth0 = NodeLinks.Find(netns, "eth0")!.Value;

            Assert.Equal("02:00:0a:0a:00:0a", eth0.GetProperty("address").GetString());
            Assert.Contains("UP", eth0.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
            JsonElement address = eth0.GetProperty("addr_info").EnumerateArray().Single(a => a.GetProperty("family").GetString() == "inet");
            Assert.Equal("10.10.0.10", address.GetProperty("local").GetString());
            Assert.Equal(20, address.GetProperty("prefixlen").GetInt32());
        }
        Assert.False(File.Exists("/run/netns/" + netns), "the namespace the simulator created must be gone after dispose");
    }

    [Fact]
    public async Task AttachThenDetach_WithNodeNetns_HotplugsDummyLinkWithEniMac()
    {
        string netns = NodeLinks.UniqueNamespaceName();
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions { NodeNetns = netns, Faults = new() { HotplugDelayMs = 100 } });
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        NetworkInterface eni = (await ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = "subnet-0sim000000000001" })).NetworkInterface;

        string attachmentId = (await ec2.AttachNetworkInterfaceAsync(new AttachNetworkInterfaceRequest
        {
            NetworkInterfaceId = eni.NetworkInterfaceId,
            InstanceId = "i-0sim00000000000001",
            DeviceIndex = 2,
        })).AttachmentId;
        await Poll.UntilAsync(() => NodeLinks.Find(netns, "eth2") is not null, "eth2 to appear");
        JsonElement eth2 = NodeLinks.Find(netns, "eth2")!.Value;
        await ec2.DetachNetworkInterfaceAsync(new DetachNetworkInterfaceRequest { AttachmentId = attachmentId });
        await Poll.UntilAsync(() => NodeLinks.Find(netns, "eth2") is null, "eth2 to disappear");

        Assert.Equal(eni.MacAddress, eth2.GetProperty("address").GetString());
        Assert.DoesNotContain("UP", eth2.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Empty(sim.HotplugErrors);
    }

    [Fact]
    public async Task Dispose_ExistingNamespace_RemovesOnlyItsLinks()
    {
        string netns = NodeLinks.UniqueNamespaceName();
        NodeLinks.Run("ip", "netns", "add", netns);
        try
        {
            await using (await Ec2SimHost.StartAsync(new SimOptions { NodeNetns = netns }))
            {
                Assert.NotNull(NodeLinks.Find(netns, "eth0"));
            }

            Assert.True(File.Exists("/run/netns/" + netns));
            Assert.Null(NodeLinks.Find(netns, "eth0"));
        }
        finally
        {
            NodeLinks.Run("ip", "netns", "del", netns);
        }
    }
}
