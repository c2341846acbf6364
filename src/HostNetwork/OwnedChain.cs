using System.Text;

namespace EsCni.HostNetwork;

/// <summary>
/// One iptables chain EsCni owns in one table, and the single jump to it from a built-in chain: compared line by
/// line with `iptables -t TABLE -S` and rewritten only when different, in one `iptables-restore --noflush`
/// transaction, so traffic never meets a half-written chain.
/// </summary>
/// <param name="Table">`nat` or `mangle`.</param>
/// <param name="Name">The chain's name (ESCNI-…).</param>
/// <param name="Parent">The built-in chain that jumps to it.</param>
/// <param name="JumpMatch">Matches on the jump before its comment, e.g. `-i eni+ ` (empty, or ending in a space).</param>
/// <param name="JumpComment">The comment on the jump, so an operator reading `iptables -S` sees who owns it.</param>
/// <param name="ChainKind">The correction reported when the chain's rules were rewritten.</param>
/// <param name="JumpKind">The correction reported when the jump was missing or duplicated.</param>
/// <param name="RemovedKind">The correction reported when the chain and jump were removed.</param>
internal sealed record OwnedChain(
    string Table,
    string Name,
    string Parent,
    string JumpMatch,
    string JumpComment,
    HostNetworkCorrectionKind ChainKind,
    HostNetworkCorrectionKind JumpKind,
    HostNetworkCorrectionKind RemovedKind)
{
    /// <summary>The jump exactly as `iptables -S` prints it.</summary>
    public string JumpRule => $"-A {Parent} {JumpMatch}-m comment --comment \"{JumpComment}\" -j {Name}";

    // Every iptables call passes -w: on a legacy-backend host kube-proxy holds the xtables lock for seconds at a
    // time, and without -w we would fail instead of waiting (the nft backend ignores it).

    /// <summary>Reads a whole table in `-S` form (a missing chain is simply absent, where `-S CHAIN` would fail).</summary>
    public static Task<string> ReadTableAsync(HostCommandRunner runner, string table, CancellationToken cancellationToken) =>
        runner.RunCheckedAsync("iptables", ["-w", "-t", table, "-S"], cancellationToken: cancellationToken);

    /// <summary>Makes the chain hold exactly <paramref name="desired"/> (in `-S` form) with one jump to it.</summary>
    public async Task EnsureAsync(HostCommandRunner runner, IReadOnlyList<string> desired, string tableDump, List<HostNetworkCorrection> corrections, CancellationToken cancellationToken)
    {
        (bool chainExists, int jumps, List<string> current) = Read(tableDump);
        bool rewriteChain = !chainExists || !current.SequenceEqual(desired);
        if (!rewriteChain && jumps == 1)
        {
            return;
        }

        var restore = new StringBuilder($"*{Table}\n");
        if (rewriteChain)
        {
            // Declaring the chain in a --noflush restore empties it (or creates it) inside the same commit.
            restore.Append(':').Append(Name).Append(" - [0:0]\n");
            foreach (string rule in desired)
            {
                restore.Append(rule).Append('\n');
            }

            string found = chainExists ? (current.Count == 0 ? "empty chain" : string.Join(" | ", current)) : "chain missing";
            corrections.Add(new(ChainKind, Name, found, string.Join(" | ", desired)));
        }

        if (jumps == 0)
        {
            restore.Append(JumpRule).Append('\n');
            corrections.Add(new(JumpKind, Name, $"{Parent} jump missing", JumpRule));
        }

        restore.Append("COMMIT\n");
        await runner.RunCheckedAsync("iptables-restore", ["--wait", "--noflush"], restore.ToString(), cancellationToken);

        // A duplicated jump is harmless but would make an operator wonder; keep exactly one.
        for (int extra = 1; extra < jumps; extra++)
        {
            await runner.RunCheckedAsync("iptables", ["-w", "-t", Table, .. JumpArguments("-D")], cancellationToken: cancellationToken);
            corrections.Add(new(JumpKind, Name, $"duplicate {Parent} jump", $"iptables -t {Table} -D {Parent} (one copy)"));
        }
    }

    /// <summary>Removes the jump and the chain when present; <paramref name="why"/> explains it in the correction.</summary>
    public async Task RemoveAsync(HostCommandRunner runner, string tableDump, string why, List<HostNetworkCorrection> corrections, CancellationToken cancellationToken)
    {
        (bool chainExists, int jumps, List<string> current) = Read(tableDump);
        for (int i = 0; i < jumps; i++)
        {
            await runner.RunCheckedAsync("iptables", ["-w", "-t", Table, .. JumpArguments("-D")], cancellationToken: cancellationToken);
        }

        if (chainExists)
        {
            await runner.RunCheckedAsync("iptables", ["-w", "-t", Table, "-F", Name], cancellationToken: cancellationToken);
            await runner.RunCheckedAsync("iptables", ["-w", "-t", Table, "-X", Name], cancellationToken: cancellationToken);
        }

        if (chainExists || jumps > 0)
        {
            string found = $"{jumps} jump(s), chain {(chainExists ? string.Join(" | ", current) : "absent")}";
            corrections.Add(new(RemovedKind, Name, found, "removed: " + why));
        }
    }

    private (bool ChainExists, int Jumps, List<string> Current) Read(string tableDump)
    {
        string[] lines = tableDump.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (lines.Contains($"-N {Name}"), lines.Count(l => l == JumpRule), lines.Where(l => l.StartsWith($"-A {Name} ", StringComparison.Ordinal)).ToList());
    }

    private string[] JumpArguments(string operation) =>
        [operation, Parent, .. JumpMatch.Split(' ', StringSplitOptions.RemoveEmptyEntries), "-m", "comment", "--comment", JumpComment, "-j", Name];
}
