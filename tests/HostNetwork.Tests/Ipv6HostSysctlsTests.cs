using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using EsCni.HostNetwork;

namespace EsCni.HostNetwork.Tests;

/// <summary>The VPC CNI init's IPv6 sysctls, set in a real namespace.</summary>
public sealed class Ipv6HostSysctlsTests : IDisposable
{
    private readonly TestNetworkNamespace _ns = TestNetworkNamespace.Create();

    public void Dispose() => _ns.Dispose();

    [Fact]
    public async Task EnsureAsync_Twice_SetsThenReportsNothing()
    {
        _ns.AddEniLink("ens5", "02:00:0a:0a:00:0a");
        var sysctls = new Ipv6HostSysctls(_ns.Runner);

        IReadOnlyList<string> first = await sysctls.EnsureAsync("ens5");
        IReadOnlyList<string> second = await sysctls.EnsureAsync("ens5");

        Assert.Contains("net.ipv6.conf.all.forwarding: 0 → 1", first);
        Assert.Contains("net.ipv6.conf.ens5.accept_ra: 1 → 2", first);
        Assert.Empty(second);
        Assert.Equal("1", (await _ns.Runner.RunAsync("sysctl", ["-n", "net.ipv6.conf.all.forwarding"])).Stdout.Trim());
    }
}
