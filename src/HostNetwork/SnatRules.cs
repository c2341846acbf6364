using System.Net;

namespace EsCni.HostNetwork;

/// <summary>Keeps the nat table's `ESCNI-SNAT` chain (and the POSTROUTING jump to it) equal to the SNAT settings, or absent under external SNAT.</summary>
/// <remarks>
/// The chain is `-d CIDR -j RETURN` for each VPC and excluded CIDR, then one SNAT to the primary IP for every
/// destination that is not local — the VPC CNI's AWS-SNAT-CHAIN-0 without its vlan clause (we have no
/// branch ENIs). <see cref="OwnedChain"/> compares and rewrites it.
/// </remarks>
public sealed class SnatRules
{
    /// <summary>The nat chain holding the SNAT rules.</summary>
    public const string ChainName = "ESCNI-SNAT";

    /// <summary>The comment on the POSTROUTING jump, so an operator reading `iptables -t nat -S` sees who owns it.</summary>
    public const string JumpComment = "ESCNI SNAT CHAIN";

    private static readonly OwnedChain s_chain = new("nat", ChainName, "POSTROUTING", string.Empty, JumpComment,
        HostNetworkCorrectionKind.SnatChain, HostNetworkCorrectionKind.SnatJump, HostNetworkCorrectionKind.SnatRemoved);

    /// <summary>The POSTROUTING jump exactly as `iptables -S` prints it.</summary>
    internal static string JumpRule => s_chain.JumpRule;

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

    /// <summary>Reads the whole nat table in `-S` form.</summary>
    internal static Task<string> ReadNatTableAsync(HostCommandRunner runner, CancellationToken cancellationToken) =>
        OwnedChain.ReadTableAsync(runner, "nat", cancellationToken);

    /// <summary>The chain's rules in `iptables -S` form, in order.</summary>
    internal static List<string> DesiredChainRules(SnatSettings settings, bool randomFullySupported)
    {
        var rules = new List<string>();
        foreach (IPNetwork cidr in settings.UntranslatedCidrs)
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
        if (settings.ExternalSnat)
        {
            await s_chain.RemoveAsync(_runner, natTable, $"{HostNetworkOptions.ExternalSnatVariable}=true means an external NAT device translates pod traffic", corrections, cancellationToken);
            return;
        }

        _randomFullySupported ??= await ProbeRandomFullyAsync(cancellationToken);
        await s_chain.EnsureAsync(_runner, DesiredChainRules(settings, _randomFullySupported.Value), natTable, corrections, cancellationToken);
    }

    private async Task<bool> ProbeRandomFullyAsync(CancellationToken cancellationToken)
    {
        HostCommandResult help = await _runner.RunAsync("iptables", ["-j", "SNAT", "--help"], cancellationToken: cancellationToken);
        return help.Stdout.Contains("--random-fully", StringComparison.Ordinal);
    }
}
