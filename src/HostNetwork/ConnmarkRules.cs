namespace EsCni.HostNetwork;

/// <summary>
/// The connmark rules that make the `fwmark 0x80/0x80 lookup main` rule (priority 1024) match: without them, a pod on
/// a secondary ENI talking to the internet is routed out of its own ENI (rule 1536) with the node's primary IP as
/// source after SNAT — which the ENI's source/destination check drops — and replies to NodePort traffic that came in
/// on the primary ENI leave by the secondary one. The VPC CNI's AWS-CONNMARK-CHAIN-0 and mangle rules, in chains of ours:
/// <list type="bullet">
/// <item>nat `ESCNI-CONNMARK`, jumped to for connections from pods (`-i eni+`): VPC and excluded destinations return;
/// every other connection gets the 0x80 connmark, copied to the packet mark so its first packet is routed by main.</item>
/// <item>mangle `ESCNI-CONNMARK`: connections entering on the primary ENI to a local address (NodePort) get the
/// connmark; packets from pods get it copied to their mark, so replies and later packets follow main too.</item>
/// </list>
/// Under external SNAT there is no translation to the primary IP, so the nat part is removed; the NodePort part stays.
/// </summary>
public sealed class ConnmarkRules
{
    /// <summary>The name of both chains (one in nat, one in mangle).</summary>
    public const string ChainName = "ESCNI-CONNMARK";

    /// <summary>The comment on both PREROUTING jumps.</summary>
    public const string JumpComment = "ESCNI CONNMARK CHAIN";

    /// <summary>The mark bit, as in the VPC CNI (AWS_VPC_K8S_CNI_CONNMARK default).</summary>
    public const string Mark = "0x80";

    private static readonly OwnedChain s_nat = new("nat", ChainName, "PREROUTING", "-i eni+ ", JumpComment,
        HostNetworkCorrectionKind.ConnmarkChain, HostNetworkCorrectionKind.ConnmarkJump, HostNetworkCorrectionKind.ConnmarkRemoved);

    private static readonly OwnedChain s_mangle = new("mangle", ChainName, "PREROUTING", string.Empty, JumpComment,
        HostNetworkCorrectionKind.ConnmarkChain, HostNetworkCorrectionKind.ConnmarkJump, HostNetworkCorrectionKind.ConnmarkRemoved);

    private readonly HostCommandRunner _runner;

    /// <summary>Creates the rules keeper for the namespace <paramref name="runner"/> acts on.</summary>
    public ConnmarkRules(HostCommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        _runner = runner;
    }

    /// <summary>Makes the nat and mangle tables match; cheap when they already do (two `iptables -S` reads).</summary>
    /// <returns>What was changed; empty when nothing differed.</returns>
    /// <exception cref="HostCommandFailedException">An iptables command failed.</exception>
    public async Task<IReadOnlyList<HostNetworkCorrection>> EnsureAsync(SnatSettings settings, string primaryInterface, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(primaryInterface);
        var corrections = new List<HostNetworkCorrection>();
        await EnsureAsync(settings, primaryInterface, await SnatRules.ReadNatTableAsync(_runner, cancellationToken),
            await ReadMangleTableAsync(_runner, cancellationToken), corrections, cancellationToken);
        return corrections;
    }

    /// <summary>Reads the whole mangle table in `-S` form.</summary>
    internal static Task<string> ReadMangleTableAsync(HostCommandRunner runner, CancellationToken cancellationToken) =>
        OwnedChain.ReadTableAsync(runner, "mangle", cancellationToken);

    /// <summary>The nat chain's rules in `iptables -S` form, in order.</summary>
    internal static List<string> DesiredNatRules(SnatSettings settings)
    {
        var rules = settings.UntranslatedCidrs.Select(cidr => $"-A {ChainName} -d {cidr} -j RETURN").ToList();
        rules.Add($"-A {ChainName} -j CONNMARK --set-xmark {Mark}/{Mark}");
        rules.Add($"-A {ChainName} -j CONNMARK --restore-mark --nfmask {Mark} --ctmask {Mark}");
        return rules;
    }

    /// <summary>The mangle chain's rules in `iptables -S` form, for the primary ENI's interface <paramref name="primaryInterface"/>.</summary>
    internal static List<string> DesiredMangleRules(string primaryInterface) =>
    [
        $"-A {ChainName} -i {primaryInterface} -m addrtype --dst-type LOCAL --limit-iface-in -j CONNMARK --set-xmark {Mark}/{Mark}",
        $"-A {ChainName} -i eni+ -j CONNMARK --restore-mark --nfmask {Mark} --ctmask {Mark}",
    ];

    /// <summary>Makes both tables match; cheap when they already do (the caller passes both `-S` dumps).</summary>
    /// <exception cref="HostCommandFailedException">An iptables command failed.</exception>
    internal async Task EnsureAsync(SnatSettings settings, string primaryInterface, string natTable, string mangleTable, List<HostNetworkCorrection> corrections, CancellationToken cancellationToken)
    {
        if (settings.ExternalSnat)
        {
            await s_nat.RemoveAsync(_runner, natTable, $"{HostNetworkOptions.ExternalSnatVariable}=true: pod traffic keeps its own address, so it may leave by its own ENI", corrections, cancellationToken);
        }
        else
        {
            await s_nat.EnsureAsync(_runner, DesiredNatRules(settings), natTable, corrections, cancellationToken);
        }

        await s_mangle.EnsureAsync(_runner, DesiredMangleRules(primaryInterface), mangleTable, corrections, cancellationToken);
    }
}
