using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using EsCni.HostNetwork;

namespace EsCni.HostNetwork.Tests;

/// <summary>The continuous reconciler: repairs what was deleted behind its back, says what it fixed, and is silent when nothing changed.</summary>
public sealed class HostNetworkReconcilerTests : IDisposable
{
    private static readonly AttachedEni s_primary =
        new("eni-0primary", "02:0a:00:00:00:01", 0, IPAddress.Parse("10.0.0.10"), IPNetwork.Parse("10.0.0.0/20"));

    private static readonly AttachedEni s_secondary =
        new("eni-0second", "02:0a:00:00:02:01", 2, IPAddress.Parse("10.0.32.7"), IPNetwork.Parse("10.0.32.0/20"));

    private static readonly HostNetworkDesiredState s_desired = new(
        [s_primary, s_secondary],
        9001,
        new SnatSettings(IPAddress.Parse("10.0.0.10"), [IPNetwork.Parse("10.0.0.0/16")], [IPNetwork.Parse("192.168.0.0/16")], false, SnatRandomization.Prng));

    private readonly TestNetworkNamespace _ns = TestNetworkNamespace.Create();
    private readonly HostNetworkReconciler _reconciler;

    public HostNetworkReconcilerTests()
    {
        _ns.AddEniLink("eth0", s_primary.Mac);
        _ns.Ip("link", "set", "eth0", "up");
        _ns.Ip("addr", "add", "10.0.0.10/20", "dev", "eth0");
        _ns.AddEniLink("eth2", s_secondary.Mac);
        _reconciler = new HostNetworkReconciler(_ns.Runner);
    }

    public void Dispose()
    {
        _reconciler.Dispose();
        _ns.Dispose();
    }

    [Fact]
    public async Task ReconcileAsync_SecondPass_ReportsNothing()
    {
        HostNetworkReconcileReport first = await _reconciler.ReconcileAsync(s_desired);
        Assert.Empty(first.Problems);
        Assert.NotEmpty(first.Corrections);

        HostNetworkReconcileReport second = await _reconciler.ReconcileAsync(s_desired);

        Assert.True(second.IsClean, string.Join("\n", second.Corrections.Concat<object>(second.Problems)));
    }

    [Fact]
    public async Task ReconcileAsync_AfterDeletingRouteRuleAndChain_RestoresAndReports()
    {
        await _reconciler.ReconcileAsync(s_desired);
        _ns.Ip("route", "del", "default", "table", "3");
        _ns.Ip("rule", "del", "prio", "32765");
        _ns.Ip("rule", "del", "prio", "1024");
        _ns.Iptables("-t", "nat", "-D", "POSTROUTING", "-m", "comment", "--comment", "ESCNI SNAT CHAIN", "-j", "ESCNI-SNAT");
        _ns.Iptables("-t", "nat", "-F", "ESCNI-SNAT");
        _ns.Iptables("-t", "nat", "-X", "ESCNI-SNAT");

        HostNetworkReconcileReport report = await _reconciler.ReconcileAsync(s_desired);

        Assert.Equal(
            [
                HostNetworkCorrectionKind.Route, HostNetworkCorrectionKind.EniRule, HostNetworkCorrectionKind.FwmarkRule,
                HostNetworkCorrectionKind.SnatChain, HostNetworkCorrectionKind.SnatJump,
            ],
            report.Corrections.Select(c => c.Kind));
        Assert.Empty(report.Problems);
        Assert.Contains("default via 10.0.32.1 dev eth2", _ns.Ip("route", "show", "table", "3"));
        string rules = _ns.Ip("rule", "show");
        Assert.Contains("32765:\tfrom 10.0.32.7 lookup 3", rules);
        Assert.Contains("1024:\tfrom all fwmark 0x80/0x80 lookup main", rules);
        Assert.Contains("-A ESCNI-SNAT -d 192.168.0.0/16 -j RETURN", _ns.Iptables("-t", "nat", "-S"));
        Assert.True((await _reconciler.ReconcileAsync(s_desired)).IsClean);
    }

    [Fact]
    public async Task ReconcileAsync_LinkSetDown_BringsItUpAndRestoresItsRoutes()
    {
        await _reconciler.ReconcileAsync(s_desired);
        _ns.Ip("link", "set", "eth2", "down");

        HostNetworkReconcileReport report = await _reconciler.ReconcileAsync(s_desired);

        Assert.Contains(report.Corrections, c => c.Kind == HostNetworkCorrectionKind.LinkUp && c.Subject.Contains("eni-0second", StringComparison.Ordinal));
        Assert.Contains("default via 10.0.32.1 dev eth2", _ns.Ip("route", "show", "table", "3"));
        Assert.DoesNotContain("10.0.32.0/20", _ns.Ip("route", "show", "table", "main"));
        Assert.True((await _reconciler.ReconcileAsync(s_desired)).IsClean);
    }

    [Fact]
    public async Task ReconcileAsync_EniLinkMissing_ReportsProblemAndFixesTheRest()
    {
        var absent = new AttachedEni("eni-0absent", "02:0a:00:00:09:09", 3, IPAddress.Parse("10.0.48.9"), IPNetwork.Parse("10.0.48.0/20"));

        HostNetworkReconcileReport report = await _reconciler.ReconcileAsync(s_desired with { Enis = [.. s_desired.Enis, absent] });

        Assert.Contains("eni-0absent", Assert.Single(report.Problems));
        Assert.Contains("32765:\tfrom 10.0.32.7 lookup 3", _ns.Ip("rule", "show"));
    }

    [Fact]
    public async Task ReconcileAsync_RuleOfDetachedEni_IsRemoved()
    {
        await _reconciler.ReconcileAsync(s_desired);
        _ns.Ip("rule", "add", "from", "10.0.48.9", "lookup", "4", "prio", "32765");

        HostNetworkReconcileReport report = await _reconciler.ReconcileAsync(s_desired);

        Assert.Equal(HostNetworkCorrectionKind.EniRule, Assert.Single(report.Corrections).Kind);
        Assert.DoesNotContain("10.0.48.9", _ns.Ip("rule", "show"));
    }

    [Fact]
    public async Task ReconcileAsync_ExternalSnatTurnedOn_RemovesSnatAndNatConnmarkChainsKeepsNodePortMarking()
    {
        await _reconciler.ReconcileAsync(s_desired);

        HostNetworkReconcileReport report = await _reconciler.ReconcileAsync(s_desired with { Snat = s_desired.Snat with { ExternalSnat = true } });

        Assert.Equal([HostNetworkCorrectionKind.SnatRemoved, HostNetworkCorrectionKind.ConnmarkRemoved], report.Corrections.Select(c => c.Kind));
        Assert.DoesNotContain("ESCNI", _ns.Iptables("-t", "nat", "-S"));
        Assert.Contains($"-A {ConnmarkRules.ChainName} -i eni+ -j CONNMARK --restore-mark", _ns.Iptables("-t", "mangle", "-S"));
    }
}
