using System.Text;

namespace EsCni.HostNetwork;

/// <summary>
/// The iptables rules the VPC CNI leaves on a node EsCni takes over (pkg/networkutils/network.go and
/// iptables_connmark.go): nat `AWS-SNAT-CHAIN-0` and `AWS-CONNMARK-CHAIN-0` with their PREROUTING/POSTROUTING jumps,
/// the nat `AWS, CONNMARK` restore-mark, and the mangle `AWS, primary ENI` connmark rules. Removed in one
/// `iptables-restore --noflush` transaction per table, and only after EsCni's ESCNI-SNAT and ESCNI-CONNMARK chains
/// are in place, so every new connection meets one of the two identical rule sets and no pod loses SNAT or its
/// return path during the switch.
/// </summary>
/// <remarks>
/// Connections already open keep working through the switch whatever the rules say: NAT is decided on a
/// connection's first packet and kept in conntrack, and the connmark lives on the connection. The VPC CNI's per-pod
/// `ip rule`s (512 to the pod, 1536 from a pod on a secondary ENI) are EsCni's own, same priorities and tables, so
/// they stay and the adopted pod's DEL removes them like any other. Matched by the comments the VPC CNI writes,
/// never by anything another tool (kube-proxy, Cilium) could write.
/// </remarks>
public static class VpcCniRules
{
    // The comments on every rule the VPC CNI puts in a built-in chain.
    private static readonly string[] s_comments =
        ["\"AWS SNAT CHAIN\"", "\"AWS, outbound connections\"", "\"AWS, CONNMARK\"", "\"AWS, primary ENI\""];

    private static readonly string[] s_chainPrefixes = ["AWS-SNAT-CHAIN-", "AWS-CONNMARK-CHAIN-"];

    /// <summary>Removes the VPC CNI's rules and chains from the nat and mangle dumps given; nothing when there are none.</summary>
    /// <exception cref="HostCommandFailedException">iptables-restore refused the transaction (nothing of it applied).</exception>
    public static async Task RetireAsync(HostCommandRunner runner, string natTable, string mangleTable, List<HostNetworkCorrection> corrections, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(corrections);
        await RetireTableAsync(runner, "nat", natTable, corrections, cancellationToken);
        await RetireTableAsync(runner, "mangle", mangleTable, corrections, cancellationToken);
    }

    /// <summary>The restore input that removes the VPC CNI's rules and chains from one table's `-S` dump (null when it has none), and what it found.</summary>
    internal static (string? Restore, string Found) RemovalOf(string table, string tableDump)
    {
        string[] lines = tableDump.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] chains = lines.Where(l => l.StartsWith("-N ", StringComparison.Ordinal))
            .Select(l => l[3..])
            .Where(c => s_chainPrefixes.Any(p => c.StartsWith(p, StringComparison.Ordinal)))
            .ToArray();
        string[] rules = lines.Where(l => l.StartsWith("-A ", StringComparison.Ordinal) && !chains.Any(c => l.StartsWith($"-A {c} ", StringComparison.Ordinal))
                && s_comments.Any(c => l.Contains("--comment " + c, StringComparison.Ordinal)))
            .ToArray();
        if (chains.Length == 0 && rules.Length == 0)
        {
            return (null, string.Empty);
        }

        // Jumps first, then the emptied chains: -X of a chain still jumped to would fail the whole commit.
        var restore = new StringBuilder($"*{table}\n");
        foreach (string rule in rules)
        {
            restore.Append("-D ").Append(rule.AsSpan(3)).Append('\n');
        }

        foreach (string chain in chains)
        {
            restore.Append("-F ").Append(chain).Append('\n');
        }

        foreach (string chain in chains)
        {
            restore.Append("-X ").Append(chain).Append('\n');
        }

        string found = string.Join(" | ", rules.Concat(chains.Select(c => $"-N {c}")));
        return (restore.Append("COMMIT\n").ToString(), found);
    }

    private static async Task RetireTableAsync(HostCommandRunner runner, string table, string tableDump, List<HostNetworkCorrection> corrections, CancellationToken cancellationToken)
    {
        (string? removal, string found) = RemovalOf(table, tableDump);
        if (removal is null)
        {
            return;
        }

        await runner.RunCheckedAsync("iptables-restore", ["--wait", "--noflush"], removal, cancellationToken);
        corrections.Add(new(HostNetworkCorrectionKind.VpcCniRulesRemoved, "vpc-cni:" + table, found,
            $"removed (iptables-restore -D/-F/-X) once {SnatRules.ChainName} and {ConnmarkRules.ChainName} were in place"));
    }
}
