using System;
using System.Net;
using System.Threading.Tasks;
using EsCni.HostNetwork;

namespace EsCni.HostNetwork.Tests;

/// <summary>Real packets through the SNAT chain: a pod's connection to the internet arrives from the node's primary IP, to an excluded CIDR from the pod's own.</summary>
public sealed class SnatTrafficTests : IDisposable
{
    private readonly PodEgressNetwork _net = new();

    public void Dispose() => _net.Dispose();

    [Fact]
    public async Task EnsureAsync_PodConnectsOutsideVpc_ArrivesFromPrimaryIp()
    {
        await new SnatRules(_net.Node.Runner).EnsureAsync(Settings());

        ConnectFromPod("8.8.8.8");

        Assert.True(SynsFrom("10.0.0.10") > 0, "the SYN should have been translated to the node's primary IP");
        Assert.Equal(0, SynsFrom("10.0.16.50"));
    }

    [Fact]
    public async Task EnsureAsync_PodConnectsToExcludedCidr_KeepsPodIp()
    {
        await new SnatRules(_net.Node.Runner).EnsureAsync(Settings() with { ExcludeCidrs = [IPNetwork.Parse("192.168.0.0/16")] });

        ConnectFromPod("192.168.7.7");

        Assert.True(SynsFrom("10.0.16.50") > 0, "traffic to an excluded CIDR should keep the pod's address");
        Assert.Equal(0, SynsFrom("10.0.0.10"));
    }

    [Fact]
    public async Task EnsureAsync_ExternalSnat_PodTrafficKeepsPodIp()
    {
        await new SnatRules(_net.Node.Runner).EnsureAsync(Settings() with { ExternalSnat = true });

        ConnectFromPod("8.8.8.8");

        Assert.True(SynsFrom("10.0.16.50") > 0, "with external SNAT the node must not translate");
        Assert.Equal(0, SynsFrom("10.0.0.10"));
    }

    private static SnatSettings Settings() =>
        new(IPAddress.Parse("10.0.0.10"), [IPNetwork.Parse("10.0.0.0/16")], [], ExternalSnat: false, SnatRandomization.Prng);

    private void ConnectFromPod(string address) => _net.ConnectFromPod(address);

    private long SynsFrom(string source) => _net.SynsFrom(source);
}
