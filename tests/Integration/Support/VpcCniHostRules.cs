namespace EsCni.Integration.Support;

/// <summary>
/// The node-level host state the VPC CNI's ipamd leaves (vpc-cni.md §3 "Host/ENI level", pkg/networkutils): its nat
/// chains AWS-SNAT-CHAIN-0 and AWS-CONNMARK-CHAIN-0 with their jumps and the `AWS, CONNMARK` restore-mark, the mangle
/// `AWS, primary ENI` connmark rules, the `fwmark 0x80/0x80 lookup main` rule and, for an ENI at device index 1, its
/// route table 2 — written with the VPC CNI's own rule text, so a takeover test meets what a real node has.
/// </summary>
internal static class VpcCniHostRules
{
    /// <summary>Installs the rules for primary interface <paramref name="primaryInterface"/> with primary IP <paramref name="primaryIp"/> and VPC CIDR <paramref name="vpcCidr"/>.</summary>
    public static void Install(NetworkNamespace node, string primaryInterface, string primaryIp, string vpcCidr)
    {
        string rules = $"""
            *nat
            :AWS-SNAT-CHAIN-0 - [0:0]
            :AWS-CONNMARK-CHAIN-0 - [0:0]
            -A PREROUTING -i eni+ -m comment --comment "AWS, outbound connections" -j AWS-CONNMARK-CHAIN-0
            -A PREROUTING -m comment --comment "AWS, CONNMARK" -j CONNMARK --restore-mark --nfmask 0x80 --ctmask 0x80
            -A POSTROUTING -m comment --comment "AWS SNAT CHAIN" -j AWS-SNAT-CHAIN-0
            -A AWS-SNAT-CHAIN-0 -d {vpcCidr} -m comment --comment "AWS SNAT CHAIN" -j RETURN
            -A AWS-SNAT-CHAIN-0 ! -o vlan+ -m comment --comment "AWS, SNAT" -m addrtype ! --dst-type LOCAL -j SNAT --to-source {primaryIp} --random-fully
            -A AWS-CONNMARK-CHAIN-0 -d {vpcCidr} -m comment --comment "AWS CONNMARK CHAIN" -j RETURN
            -A AWS-CONNMARK-CHAIN-0 -m comment --comment "AWS, CONNMARK" -j CONNMARK --set-xmark 0x80/0x80
            COMMIT
            *mangle
            -A PREROUTING -i {primaryInterface} -m comment --comment "AWS, primary ENI" -m addrtype --dst-type LOCAL --limit-iface-in -j CONNMARK --set-xmark 0x80/0x80
            -A PREROUTING -i eni+ -m comment --comment "AWS, primary ENI" -j CONNMARK --restore-mark --nfmask 0x80 --ctmask 0x80
            COMMIT

            """;
        node.Exec("bash", "-c", $"iptables-restore --noflush <<'RULES'\n{rules}RULES");
        node.Exec("ip", "rule", "add", "fwmark", "0x80/0x80", "lookup", "main", "prio", "1024");
        node.Exec("sysctl", "-qw", "net.ipv4.ip_forward=1");
    }

    /// <summary>
    /// Sets up the ENI at device index 1 (link eth1, hotplugged by Ec2Sim) as ipamd does: up, table 2 with its
    /// gateway and a default route, `from ENI-IP lookup 2 prio 32765`. The default route leads nowhere in the test (a
    /// dummy link), so a pod on this ENI reaches the outside only through the connmark rules and the fwmark rule.
    /// </summary>
    public static void InstallEniTable(NetworkNamespace node, string eniPrimaryIp, string gateway)
    {
        node.Exec("ip", "link", "set", "eth1", "up");
        node.Exec("ip", "route", "replace", gateway + "/32", "dev", "eth1", "scope", "link", "table", "2");
        node.Exec("ip", "route", "replace", "default", "via", gateway, "dev", "eth1", "table", "2");
        node.Exec("ip", "rule", "add", "from", eniPrimaryIp, "lookup", "2", "prio", "32765");
    }

    /// <summary>The VPC CNI's chains and rules still in the nat and mangle tables (their `-S` lines).</summary>
    public static string[] Remaining(NetworkNamespace node) =>
        [.. new[] { "nat", "mangle" }.SelectMany(t => node.Exec("iptables", "-w", "-t", t, "-S").Split('\n'))
            .Where(l => l.Contains("AWS", StringComparison.Ordinal))];
}
