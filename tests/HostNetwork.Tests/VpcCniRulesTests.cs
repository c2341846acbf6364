using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EsCni.HostNetwork;

namespace EsCni.HostNetwork.Tests;

/// <summary>The VPC CNI's iptables rules, as its ipamd writes them, removed from a real namespace; nobody else's rules touched.</summary>
public sealed class VpcCniRulesTests : IDisposable
{
    private readonly TestNetworkNamespace _ns = TestNetworkNamespace.Create();

    public void Dispose() => _ns.Dispose();

    [Fact]
    public async Task RetireAsync_RemovesTheVpcCniChainsJumpsAndMangleRules_AndKeepsOtherTools()
    {
        _ns.Iptables("-t", "nat", "-N", "AWS-SNAT-CHAIN-0");
        _ns.Iptables("-t", "nat", "-N", "AWS-CONNMARK-CHAIN-0");
        _ns.Iptables("-t", "nat", "-A", "POSTROUTING", "-m", "comment", "--comment", "AWS SNAT CHAIN", "-j", "AWS-SNAT-CHAIN-0");
        _ns.Iptables("-t", "nat", "-A", "AWS-SNAT-CHAIN-0", "-d", "10.0.0.0/16", "-m", "comment", "--comment", "AWS SNAT CHAIN", "-j", "RETURN");
        _ns.Iptables("-t", "nat", "-A", "AWS-SNAT-CHAIN-0", "!", "-o", "vlan+", "-m", "comment", "--comment", "AWS, SNAT", "-m", "addrtype", "!", "--dst-type", "LOCAL", "-j", "SNAT", "--to-source", "10.0.0.10");
        _ns.Iptables("-t", "nat", "-A", "PREROUTING", "-i", "eni+", "-m", "comment", "--comment", "AWS, outbound connections", "-j", "AWS-CONNMARK-CHAIN-0");
        _ns.Iptables("-t", "nat", "-A", "PREROUTING", "-m", "comment", "--comment", "AWS, CONNMARK", "-j", "CONNMARK", "--restore-mark", "--mask", "0x80");
        _ns.Iptables("-t", "nat", "-A", "AWS-CONNMARK-CHAIN-0", "-m", "comment", "--comment", "AWS, CONNMARK", "-j", "CONNMARK", "--set-xmark", "0x80/0x80");
        _ns.Iptables("-t", "mangle", "-A", "PREROUTING", "-i", "eth0", "-m", "comment", "--comment", "AWS, primary ENI", "-m", "addrtype", "--dst-type", "LOCAL", "--limit-iface-in", "-j", "CONNMARK", "--set-mark", "0x80/0x80");
        _ns.Iptables("-t", "mangle", "-A", "PREROUTING", "-i", "eni+", "-m", "comment", "--comment", "AWS, primary ENI", "-j", "CONNMARK", "--restore-mark", "--mask", "0x80");
        // Another tool's rules, one with "AWS" in its comment: never ours to remove.
        _ns.Iptables("-t", "nat", "-N", "KUBE-SERVICES");
        _ns.Iptables("-t", "nat", "-A", "PREROUTING", "-m", "comment", "--comment", "kubernetes service portals", "-j", "KUBE-SERVICES");
        _ns.Iptables("-t", "nat", "-A", "POSTROUTING", "-m", "comment", "--comment", "AWS load balancer", "-j", "RETURN");
        string nat = _ns.Iptables("-t", "nat", "-S");
        string mangle = _ns.Iptables("-t", "mangle", "-S");
        var corrections = new List<HostNetworkCorrection>();

        await VpcCniRules.RetireAsync(_ns.Runner, nat, mangle, corrections, default);

        string natAfter = _ns.Iptables("-t", "nat", "-S");
        string mangleAfter = _ns.Iptables("-t", "mangle", "-S");
        Assert.DoesNotContain("AWS-", natAfter, StringComparison.Ordinal);
        Assert.DoesNotContain("\"AWS, CONNMARK\"", natAfter, StringComparison.Ordinal);
        Assert.DoesNotContain("AWS, primary ENI", mangleAfter, StringComparison.Ordinal);
        Assert.Contains("-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES", natAfter, StringComparison.Ordinal);
        Assert.Contains("-A POSTROUTING -m comment --comment \"AWS load balancer\" -j RETURN", natAfter, StringComparison.Ordinal);
        Assert.Equal(["vpc-cni:nat", "vpc-cni:mangle"], corrections.Select(c => c.Subject));
        Assert.All(corrections, c => Assert.Equal(HostNetworkCorrectionKind.VpcCniRulesRemoved, c.Kind));

        var again = new List<HostNetworkCorrection>();
        await VpcCniRules.RetireAsync(_ns.Runner, natAfter, mangleAfter, again, default);
        Assert.Empty(again);
    }
}
