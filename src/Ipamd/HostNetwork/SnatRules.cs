using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace EsCni.Ipamd.HostNetwork;

/// <summary>Keeps the nat table's `ESCNI-SNAT` chain (and the POSTROUTING jump to it) equal to the SNAT settings, or absent under external SNAT.</summary>
/// <remarks>
/// The chain is `-d CIDR -j RETURN` for each VPC and excluded CIDR, then one SNAT to the primary IP for every
/// destination that is not local — the VPC CNI's AWS-SNAT-CHAIN-0 without its vlan clause (we have no
/// branch ENIs). It is compared line by line with `iptables -t nat -S` and rewritten only when different,
/// in one `iptables-restore --noflush` transaction so pod traffic never sees a half-written chain.
/// </remarks>
public sealed class SnatRules
{
    /// <summary>The nat chain holding the SNAT rules.</summary>
    public const string ChainName = "ESCNI-SNAT";

    /// <summary>The comment on the POSTROUTING jump, so an operator reading `iptables -t nat -S` sees who owns it.</summary>
    public const string JumpComment = "ESCNI SNAT CHAIN";

    /// <summary>The POSTROUTING jump exactly as `iptables -S` prints it.</summary>
    internal const string JumpRule = $"-A POSTROUTING -m comment --comment \"{JumpComment}\" -j {ChainName}";

    // Every iptables call passes -w: on a legacy-backend host kube-proxy holds the xtables lock for
    // seconds at a time, and without -w we would fail instead of waiting (the nft backend ignores it).
    private readonly HostCommandRunner _runner;
    private bool? _randomFullySupported; // probed once: iptables builds before 1.6.2 lack --random-fully

    /// <summary>Creates the rules keeper for the namespace <paramref name="runner"/> acts on.</summary>
    public SnatRules(HostCommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        _runner = runner;
    }

    /// <summary>Makes the nat table match <paramref name="settings"/>; cheap when it already does (one `iptables -t nat -S`).</summary>
    /// <returns>What was changed; empty when nothing differed.</returns>
    /// <exception cref="HostCommandFailedException">An iptables command failed.</exception>
    public async Task<IReadOnlyList<HostNetworkCorrection>> EnsureAsync(SnatSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string natTable = await ReadNatTableAsync(_runner, cancellationToken);
        var corrections = new List<HostNetworkCorrection>();
        await EnsureAsync(settings, natTable, corrections, cancellationToken);
        return corrections;
    }

    /// <summary>Reads the whole nat table in `-S` form (a missing chain is simply absent, where `-S CHAIN` would fail).</summary>
    internal static Task<string> ReadNatTableAsync(HostCommandRunner runner, CancellationToken cancellationToken) =>
        runner.RunCheckedAsync("iptables", ["-w", "-t", "nat", "-S"], cancellationToken: cancellationToken);

    /// <summary>The chain's rules in `iptables -S` form, in order.</summary>
    internal static List<string> DesiredChainRules(SnatSettings settings, bool randomFullySupported)
    {
        var rules = new List<string>();
        foreach (IPNetwork cidr in settings.VpcCidrs.Concat(settings.ExcludeCidrs).Distinct())
        {
            rules.Add($"-A {ChainName} -d {cidr} -j RETURN");
        }
        string random = settings.Randomization switch
        {
            SnatRandomization.Prng => randomFullySupported ? " --random-fully" : " --random",
            SnatRandomization.HashRandom => " --random",
            _ => string.Empty,
        };
        rules.Add($"-A {ChainName} -m addrtype ! --dst-type LOCAL -j SNAT --to-source {settings.PrimaryIp}{random}");
        return rules;
    }

    internal async Task EnsureAsync(SnatSettings settings, string natTable, List<HostNetworkCorrection> corrections, CancellationToken cancellationToken)
    {
        string[] lines = natTable.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        bool chainExists = lines.Contains($"-N {ChainName}");
        int jumps = lines.Count(l => l == JumpRule);
        List<string> current = lines.Where(l => l.StartsWith($"-A {ChainName} ", StringComparison.Ordinal)).ToList();

        if (settings.ExternalSnat)
        {
            await RemoveAsync(chainExists, jumps, current, corrections, cancellationToken);
            return;
        }

        _randomFullySupported ??= await ProbeRandomFullyAsync(cancellationToken);
        List<string> desired = DesiredChainRules(settings, _randomFullySupported.Value);
        bool rewriteChain = !chainExists || !current.SequenceEqual(desired);
        if (!rewriteChain && jumps == 1)
        {
            return;
        }

        var restore = new StringBuilder("*nat\n");
        if (rewriteChain)
        {
            // Declaring the chain in a --noflush restore empties it (or creates it) inside the same commit.
            restore.Append(':').Append(ChainName).Append(" - [0:0]\n");
            foreach (string rule in desired)
            {
                restore.Append(rule).Append('\n');
            }
            string found = chainExists ? (current.Count == 0 ? "empty chain" : string.Join(" | ", current)) : "chain missing";
            corrections.Add(new(HostNetworkCorrectionKind.SnatChain, ChainName, found, string.Join(" | ", desired)));
        }
        if (jumps == 0)
        {
            restore.Append(JumpRule).Append('\n');
            corrections.Add(new(HostNetworkCorrectionKind.SnatJump, ChainName, "POSTROUTING jump missing", JumpRule));
        }
        restore.Append("COMMIT\n");
        await _runner.RunCheckedAsync("iptables-restore", ["--wait", "--noflush"], restore.ToString(), cancellationToken);

        // A duplicated jump is harmless but would make an operator wonder; keep exactly one.
        for (int extra = 1; extra < jumps; extra++)
        {
            await _runner.RunCheckedAsync("iptables", ["-w", "-t", "nat", .. JumpArguments("-D")], cancellationToken: cancellationToken);
            corrections.Add(new(HostNetworkCorrectionKind.SnatJump, ChainName, "duplicate POSTROUTING jump", "iptables -t nat -D POSTROUTING (one copy)"));
        }
    }

    private async Task RemoveAsync(bool chainExists, int jumps, List<string> current, List<HostNetworkCorrection> corrections, CancellationToken cancellationToken)
    {
        for (int i = 0; i < jumps; i++)
        {
            await _runner.RunCheckedAsync("iptables", ["-w", "-t", "nat", .. JumpArguments("-D")], cancellationToken: cancellationToken);
        }
        if (chainExists)
        {
            await _runner.RunCheckedAsync("iptables", ["-w", "-t", "nat", "-F", ChainName], cancellationToken: cancellationToken);
            await _runner.RunCheckedAsync("iptables", ["-w", "-t", "nat", "-X", ChainName], cancellationToken: cancellationToken);
        }
        if (chainExists || jumps > 0)
        {
            string found = $"{jumps} jump(s), chain {(chainExists ? string.Join(" | ", current) : "absent")}";
            corrections.Add(new(HostNetworkCorrectionKind.SnatRemoved, ChainName, found,
                $"removed: {HostNetworkOptions.ExternalSnatVariable}=true means an external NAT device translates pod traffic"));
        }
    }

    private static string[] JumpArguments(string operation) =>
        [operation, "POSTROUTING", "-m", "comment", "--comment", JumpComment, "-j", ChainName];

    private async Task<bool> ProbeRandomFullyAsync(CancellationToken cancellationToken)
    {
        HostCommandResult help = await _runner.RunAsync("iptables", ["-j", "SNAT", "--help"], cancellationToken: cancellationToken);
        return help.Stdout.Contains("--random-fully", StringComparison.Ordinal);
    }
}
