using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using EsCni.HostNetwork;

namespace EsCni.HostNetwork.Tests;

/// <summary>The ESCNI-SNAT chain in a real namespace's nat table: exact contents, exclusions, randomization, external SNAT.</summary>
public sealed class SnatRulesTests : IDisposable
{
    private const string Jump = "-A POSTROUTING -m comment --comment \"ESCNI SNAT CHAIN\" -j ESCNI-SNAT";

    private static readonly SnatSettings s_default = new(
        IPAddress.Parse("10.0.0.10"), [IPNetwork.Parse("10.0.0.0/16")], [], ExternalSnat: false, SnatRandomization.Prng);

    private readonly TestNetworkNamespace _ns = TestNetworkNamespace.Create();

    public void Dispose() => _ns.Dispose();

    [Fact]
    public async Task EnsureAsync_Defaults_WritesExactChainAndJump()
    {
        var corrections = await new SnatRules(_ns.Runner).EnsureAsync(s_default);

        Assert.Equal(
            [
                "-N ESCNI-SNAT",
                "-A ESCNI-SNAT -d 10.0.0.0/16 -j RETURN",
                "-A ESCNI-SNAT -m addrtype ! --dst-type LOCAL -j SNAT --to-source 10.0.0.10 --random-fully",
            ],
            Chain());
        Assert.Single(Lines(_ns.Iptables("-t", "nat", "-S", "POSTROUTING")), l => l == Jump);
        Assert.Equal([HostNetworkCorrectionKind.SnatChain, HostNetworkCorrectionKind.SnatJump], corrections.Select(c => c.Kind));
    }

    [Fact]
    public async Task EnsureAsync_ExcludeCidrs_ReturnBeforeSnatInOrder()
    {
        var settings = s_default with
        {
            VpcCidrs = [IPNetwork.Parse("10.0.0.0/16"), IPNetwork.Parse("10.1.0.0/16")],
            ExcludeCidrs = [IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("10.1.0.0/16"), IPNetwork.Parse("100.64.0.0/10")],
        };

        await new SnatRules(_ns.Runner).EnsureAsync(settings);

        Assert.Equal(
            [
                "-N ESCNI-SNAT",
                "-A ESCNI-SNAT -d 10.0.0.0/16 -j RETURN",
                "-A ESCNI-SNAT -d 10.1.0.0/16 -j RETURN",
                "-A ESCNI-SNAT -d 192.168.0.0/16 -j RETURN",
                "-A ESCNI-SNAT -d 100.64.0.0/10 -j RETURN",
                "-A ESCNI-SNAT -m addrtype ! --dst-type LOCAL -j SNAT --to-source 10.0.0.10 --random-fully",
            ],
            Chain());
    }

    [Theory]
    [InlineData(SnatRandomization.HashRandom, " --random")]
    [InlineData(SnatRandomization.None, "")]
    public async Task EnsureAsync_Randomization_UsesMatchingFlag(SnatRandomization randomization, string flag)
    {
        await new SnatRules(_ns.Runner).EnsureAsync(s_default with { Randomization = randomization });

        Assert.Equal("-A ESCNI-SNAT -m addrtype ! --dst-type LOCAL -j SNAT --to-source 10.0.0.10" + flag, Chain().Last());
    }

    [Fact]
    public async Task EnsureAsync_Unchanged_ReportsNothing()
    {
        var snat = new SnatRules(_ns.Runner);
        await snat.EnsureAsync(s_default);

        Assert.Empty(await snat.EnsureAsync(s_default));
    }

    [Fact]
    public async Task EnsureAsync_VpcCidrsChanged_RewritesChainWithoutOldRules()
    {
        var snat = new SnatRules(_ns.Runner);
        await snat.EnsureAsync(s_default);

        var corrections = await snat.EnsureAsync(s_default with { VpcCidrs = [IPNetwork.Parse("172.16.0.0/12")] });

        Assert.Equal(
            [
                "-N ESCNI-SNAT",
                "-A ESCNI-SNAT -d 172.16.0.0/12 -j RETURN",
                "-A ESCNI-SNAT -m addrtype ! --dst-type LOCAL -j SNAT --to-source 10.0.0.10 --random-fully",
            ],
            Chain());
        Assert.Equal(HostNetworkCorrectionKind.SnatChain, Assert.Single(corrections).Kind);
        Assert.Single(Lines(_ns.Iptables("-t", "nat", "-S", "POSTROUTING")), l => l == Jump);
    }

    [Fact]
    public async Task EnsureAsync_DuplicatedJump_KeepsOne()
    {
        var snat = new SnatRules(_ns.Runner);
        await snat.EnsureAsync(s_default);
        _ns.Iptables("-t", "nat", "-A", "POSTROUTING", "-m", "comment", "--comment", "ESCNI SNAT CHAIN", "-j", "ESCNI-SNAT");

        var corrections = await snat.EnsureAsync(s_default);

        Assert.Single(Lines(_ns.Iptables("-t", "nat", "-S", "POSTROUTING")), l => l == Jump);
        Assert.Equal(HostNetworkCorrectionKind.SnatJump, Assert.Single(corrections).Kind);
    }

    [Fact]
    public async Task EnsureAsync_ExternalSnat_RemovesChainAndJump()
    {
        var snat = new SnatRules(_ns.Runner);
        await snat.EnsureAsync(s_default);

        var corrections = await snat.EnsureAsync(s_default with { ExternalSnat = true });

        Assert.DoesNotContain("ESCNI", _ns.Iptables("-t", "nat", "-S"));
        Assert.Equal(HostNetworkCorrectionKind.SnatRemoved, Assert.Single(corrections).Kind);
        Assert.Empty(await snat.EnsureAsync(s_default with { ExternalSnat = true }));
    }

    private string[] Chain() => Lines(_ns.Iptables("-t", "nat", "-S", SnatRules.ChainName));

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
