using System;
using System.Net;
using System.Threading.Tasks;
using EsCni.HostNetwork;

namespace EsCni.HostNetwork.Tests;

/// <summary>
/// Real packets from a pod on a secondary ENI: traffic leaving the VPC is SNATed to the node's primary IP, so it must
/// leave by the primary ENI (a real ENI drops packets whose source is not one of its addresses); traffic inside the
/// VPC keeps the pod's address and leaves by the pod's own ENI.
/// </summary>
public sealed class ConnmarkTrafficTests : IDisposable
{
    private static readonly SnatSettings s_settings =
        new(IPAddress.Parse(PodEgressNetwork.PrimaryIp), [IPNetwork.Parse("10.0.0.0/16")], [], ExternalSnat: false, SnatRandomization.Prng);

    private readonly PodEgressNetwork _net = new();

    public ConnmarkTrafficTests()
    {
        _net.MovePodToSecondaryEni();
        _net.Outside.Ip("addr", "add", "10.0.5.5/32", "dev", "lo"); // somewhere in the VPC, reached through the secondary ENI
    }

    public void Dispose() => _net.Dispose();

    [Fact]
    public async Task PodOnSecondaryEni_ConnectsOutsideVpc_LeavesByThePrimaryEniFromThePrimaryIp()
    {
        await new SnatRules(_net.Node.Runner).EnsureAsync(s_settings);
        await new ConnmarkRules(_net.Node.Runner).EnsureAsync(s_settings, "eth0");

        _net.ConnectFromPod("8.8.8.8");

        Assert.True(_net.SynsFrom(PodEgressNetwork.PrimaryIp, "out0") > 0, "the translated SYN should leave by the primary ENI (eth0)");
        Assert.Equal(0, _net.SynsFrom(PodEgressNetwork.PrimaryIp, "out1"));
    }

    [Fact]
    public async Task PodOnSecondaryEni_WithoutConnmarkRules_LeavesByItsOwnEniWithAForeignSource()
    {
        // What the connmark rules prevent: the from-pod rule (1536) sends the translated packet out of eth1.
        await new SnatRules(_net.Node.Runner).EnsureAsync(s_settings);

        _net.ConnectFromPod("8.8.8.8");

        Assert.True(_net.SynsFrom(PodEgressNetwork.PrimaryIp, "out1") > 0, "without the connmark rules the SYN leaves by the secondary ENI");
        Assert.Equal(0, _net.SynsFrom(PodEgressNetwork.PrimaryIp, "out0"));
    }

    [Fact]
    public async Task PodOnSecondaryEni_ConnectsInsideVpc_KeepsItsAddressAndItsOwnEni()
    {
        await new SnatRules(_net.Node.Runner).EnsureAsync(s_settings);
        await new ConnmarkRules(_net.Node.Runner).EnsureAsync(s_settings, "eth0");

        _net.ConnectFromPod("10.0.5.5");

        Assert.True(_net.SynsFrom(PodEgressNetwork.PodIp, "out1") > 0, "VPC traffic should keep the pod's IP and use the pod's ENI");
        Assert.Equal(0, _net.SynsFrom(PodEgressNetwork.PrimaryIp));
    }

    [Fact]
    public async Task EnsureAsync_Twice_SecondChangesNothing()
    {
        var rules = new ConnmarkRules(_net.Node.Runner);
        Assert.NotEmpty(await rules.EnsureAsync(s_settings, "eth0"));

        Assert.Empty(await rules.EnsureAsync(s_settings, "eth0"));
    }
}
