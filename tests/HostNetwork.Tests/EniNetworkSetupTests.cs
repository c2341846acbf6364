using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using EsCni.HostNetwork;
using Microsoft.Extensions.Time.Testing;

namespace EsCni.HostNetwork.Tests;

/// <summary>Per-ENI host setup against a real namespace: link by MAC, MTU, up, address, table device+1, rule 32765.</summary>
public sealed class EniNetworkSetupTests : IDisposable
{
    private const string Mac = "02:0a:00:00:01:01";
    private static readonly AttachedEni s_eni =
        new("eni-0secondary", Mac.ToUpperInvariant(), 1, IPAddress.Parse("10.0.16.20"), IPNetwork.Parse("10.0.16.0/20"));

    private readonly TestNetworkNamespace _ns = TestNetworkNamespace.Create();

    public void Dispose() => _ns.Dispose();

    [Fact]
    public async Task SetupAsync_SecondaryEni_ConfiguresLinkAddressTableAndRule()
    {
        _ns.AddEniLink("eth1", Mac);

        var corrections = await new EniNetworkSetup(_ns.Runner).SetupAsync(s_eni, 9001);

        string link = _ns.Ip("-o", "link", "show", "eth1");
        Assert.Contains("mtu 9001", link);
        Assert.Contains(",UP", link);
        Assert.Contains("inet 10.0.16.20/20", _ns.Ip("-o", "-4", "addr", "show", "dev", "eth1"));
        string table = _ns.Ip("route", "show", "table", "2");
        Assert.Contains("default via 10.0.16.1 dev eth1", table);
        Assert.Contains("10.0.16.1 dev eth1 scope link", table);
        Assert.DoesNotContain("10.0.16.0/20", _ns.Ip("route", "show", "table", "main"));
        Assert.Contains("32765:\tfrom 10.0.16.20 lookup 2", _ns.Ip("rule", "show"));
        Assert.Contains(corrections, c => c.Kind == HostNetworkCorrectionKind.MainSubnetRoute || c.Kind == HostNetworkCorrectionKind.LinkAddress);
    }

    [Fact]
    public async Task SetupAsync_Twice_SecondChangesNothing()
    {
        _ns.AddEniLink("eth1", Mac);
        var setup = new EniNetworkSetup(_ns.Runner);
        Assert.NotEmpty(await setup.SetupAsync(s_eni, 9001));

        var second = await setup.SetupAsync(s_eni, 9001);

        Assert.Empty(second);
        Assert.Single(_ns.Ip("rule", "show").Split('\n'), l => l.StartsWith("32765:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SetupAsync_LinkAppearsAfterAttach_WaitsForIt()
    {
        var clock = new TimerCountingTimeProvider();
        var setup = new EniNetworkSetup(_ns.Runner, clock, linkLookupAttempts: 2, linkLookupDelay: TimeSpan.FromSeconds(1));
        Task<System.Collections.Generic.IReadOnlyList<HostNetworkCorrection>> running = setup.SetupAsync(s_eni, 9001);

        // The first lookup found nothing once the setup waits on the clock; only then does the link appear.
        while (clock.TimersCreated == 0 && !running.IsCompleted)
        {
            await Task.Delay(10);
        }

        _ns.AddEniLink("eth1", Mac);
        clock.Advance(TimeSpan.FromSeconds(1));
        await running;

        Assert.Contains("default via 10.0.16.1 dev eth1", _ns.Ip("route", "show", "table", "2"));
    }

    [Fact]
    public async Task SetupAsync_NoLinkWithMac_ThrowsNamingEniAndMac()
    {
        var setup = new EniNetworkSetup(_ns.Runner, linkLookupAttempts: 2, linkLookupDelay: TimeSpan.FromMilliseconds(10));

        var error = await Assert.ThrowsAsync<EniLinkNotFoundException>(() => setup.SetupAsync(s_eni, 9001));

        Assert.Contains("eni-0secondary", error.Message);
        Assert.Contains(Mac.ToUpperInvariant(), error.Message);
    }

    [Fact]
    public async Task SetupAsync_PrimaryEni_SetsOnlyMtu()
    {
        _ns.AddEniLink("eth0", "02:0a:00:00:00:01");
        _ns.Ip("link", "set", "eth0", "up");
        _ns.Ip("addr", "add", "10.0.0.10/20", "dev", "eth0");
        var primary = new AttachedEni("eni-0primary", "02:0a:00:00:00:01", 0, IPAddress.Parse("10.0.0.10"), IPNetwork.Parse("10.0.0.0/20"));

        var corrections = await new EniNetworkSetup(_ns.Runner).SetupAsync(primary, 9001);

        Assert.Equal(HostNetworkCorrectionKind.LinkMtu, Assert.Single(corrections).Kind);
        Assert.Contains("mtu 9001", _ns.Ip("-o", "link", "show", "eth0"));
        Assert.Contains("10.0.0.0/20 dev eth0", _ns.Ip("route", "show", "table", "main"));
        Assert.DoesNotContain("32765:", _ns.Ip("rule", "show"));
    }

    [Fact]
    public async Task SetupAsync_StrayAddressAndWrongTableRule_AreReplaced()
    {
        _ns.AddEniLink("eth1", Mac);
        _ns.Ip("addr", "add", "10.9.9.9/24", "dev", "eth1");
        _ns.Ip("rule", "add", "from", "10.0.16.20", "lookup", "7", "prio", "32765");

        var corrections = await new EniNetworkSetup(_ns.Runner).SetupAsync(s_eni, 9001);

        Assert.DoesNotContain("10.9.9.9", _ns.Ip("-4", "addr", "show", "dev", "eth1"));
        string rules = _ns.Ip("rule", "show");
        Assert.DoesNotContain("lookup 7", rules);
        Assert.Contains("32765:\tfrom 10.0.16.20 lookup 2", rules);
        Assert.Contains(corrections, c => c.Kind == HostNetworkCorrectionKind.LinkAddress && c.Found.Contains("10.9.9.9/24", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RemoveAsync_AfterSetup_DeletesRuleAndTable()
    {
        _ns.AddEniLink("eth1", Mac);
        var setup = new EniNetworkSetup(_ns.Runner);
        await setup.SetupAsync(s_eni, 9001);

        await setup.RemoveAsync(s_eni);
        await setup.RemoveAsync(s_eni);

        Assert.DoesNotContain("32765:", _ns.Ip("rule", "show"));
        Assert.Empty(_ns.Ip("route", "show", "table", "2").Trim());
    }

    [Fact]
    public void Gateway_SubnetCidr_IsFirstHost()
    {
        Assert.Equal(IPAddress.Parse("10.0.16.1"), s_eni.Gateway);
        Assert.Equal(2, s_eni.RouteTable);
        Assert.Equal(254, (s_eni with { DeviceIndex = 0 }).RouteTable);
        Assert.Equal(IPAddress.Parse("10.0.255.1"), (s_eni with { SubnetCidr = IPNetwork.Parse("10.0.255.0/24") }).Gateway);
        Assert.True(Enumerable.Range(1, 3).All(i => (s_eni with { DeviceIndex = i }).RouteTable == i + 1));
    }

    private sealed class TimerCountingTimeProvider : FakeTimeProvider
    {
        private int _timersCreated;

        public int TimersCreated => Volatile.Read(ref _timersCreated);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _timersCreated);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
