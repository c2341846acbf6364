using System.Globalization;

namespace EsCni.HostNetwork;

/// <summary>Checks and repairs the host networking of every attached ENI and the SNAT chain against the desired state; call it in a loop.</summary>
/// <remarks>
/// Upstream programs these once at start and never again, so a tool that wipes rules (nm-cloud-setup,
/// an operator's `ip rule flush`) breaks pod egress until the next restart (aws/amazon-vpc-cni-k8s#3309).
/// A pass reads the host once (`ip -json addr`, `ip -json rule`, `ip -json route show table all`,
/// `iptables -t nat -S`) and changes only what differs. Passes are serialized; an ENI that cannot be
/// repaired is reported as a problem and does not stop the others.
/// </remarks>
public sealed class HostNetworkReconciler : IHostNetworkReconciler, IDisposable
{
    /// <summary>Priority of `fwmark 0x80/0x80 lookup main`, so replies to connections that came in on the primary ENI leave by it.</summary>
    public const int FwmarkRulePriority = 1024;

    /// <summary>The connmark bit the VPC CNI uses for traffic that entered through the primary ENI.</summary>
    public const string FwmarkSelector = "0x80/0x80";

    private readonly HostCommandRunner _runner;
    private readonly EniNetworkSetup _eniSetup;
    private readonly SnatRules _snatRules;
    private readonly ConnmarkRules _connmarkRules;
    private readonly SemaphoreSlim _pass = new(1, 1); // one pass at a time: two would race on the same rules

    /// <summary>Creates a reconciler acting on the namespace <paramref name="runner"/> targets.</summary>
    public HostNetworkReconciler(HostCommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        _runner = runner;
        _eniSetup = new EniNetworkSetup(runner);
        _snatRules = new SnatRules(runner);
        _connmarkRules = new ConnmarkRules(runner);
    }

    /// <inheritdoc/>
    public async Task<HostNetworkReconcileReport> ReconcileAsync(HostNetworkDesiredState desired, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(desired);
        await _pass.WaitAsync(cancellationToken);
        try
        {
            HostNetworkSnapshot snapshot = await HostNetworkSnapshot.ReadAsync(_runner, includeIptables: true, cancellationToken);
            var corrections = new List<HostNetworkCorrection>();
            var problems = new List<string>();
            foreach (AttachedEni eni in desired.Enis)
            {
                IpLink? link = EniNetworkSetup.FindLink(snapshot.Links, eni.Mac);
                if (link is null)
                {
                    problems.Add($"ENI {eni.EniId}: no link with MAC {eni.Mac} in the node's namespace yet; retried next pass. " +
                                 "If it persists, check the attachment with DescribeNetworkInterfaces");
                    continue;
                }
                await Attempt(() => _eniSetup.EnsureAsync(eni, desired.Mtu, link, snapshot, corrections, cancellationToken), $"ENI {eni.EniId}", problems);
            }
            await Attempt(() => RemoveDetachedEniRulesAsync(desired.Enis, snapshot, corrections, cancellationToken), "ENI rules of detached ENIs", problems);
            await Attempt(() => EnsureFwmarkRuleAsync(snapshot, corrections, cancellationToken), "fwmark rule", problems);
            int problemsBeforeChains = problems.Count;
            await Attempt(() => _snatRules.EnsureAsync(desired.Snat, snapshot.NatTable ?? string.Empty, corrections, cancellationToken), SnatRules.ChainName, problems);
            await Attempt(() => EnsureConnmarkAsync(desired, snapshot, corrections, cancellationToken), ConnmarkRules.ChainName, problems);
            if (problems.Count == problemsBeforeChains)
            {
                // Only once ours are in place: a new connection must always meet one of the two rule sets.
                await Attempt(() => VpcCniRules.RetireAsync(_runner, snapshot.NatTable ?? string.Empty, snapshot.MangleTable ?? string.Empty, corrections, cancellationToken),
                    "the VPC CNI's iptables rules", problems);
            }

            return new HostNetworkReconcileReport(corrections, problems);
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _pass.Dispose();

    private static async Task Attempt(Func<Task> step, string what, List<string> problems)
    {
        try
        {
            await step();
        }
        catch (HostNetworkException e)
        {
            problems.Add($"{what}: {e.Message}");
        }
    }

    // A prio-32765 rule whose source is no attached ENI's primary IP is what a detach left behind; it would
    // steer a future owner of that IP into a table that may belong to another ENI by then.
    private async Task RemoveDetachedEniRulesAsync(
        IReadOnlyList<AttachedEni> enis, HostNetworkSnapshot snapshot, List<HostNetworkCorrection> corrections, CancellationToken cancellationToken)
    {
        var attached = enis.Where(e => !e.IsPrimary).Select(e => e.PrimaryIp + "/32").ToHashSet(StringComparer.Ordinal);
        string priority = EniNetworkSetup.EniRulePriority.ToString(CultureInfo.InvariantCulture);
        foreach (IpRule rule in snapshot.Rules)
        {
            if (rule.Priority != EniNetworkSetup.EniRulePriority || rule.From is null || attached.Contains(rule.From))
            {
                continue;
            }
            string table = rule.Table.ToString(CultureInfo.InvariantCulture);
            await IpCommand.RunAsync(_runner, ["rule", "del", "from", rule.From, "lookup", table, "prio", priority], cancellationToken, IpCommand.NoSuchFile);
            corrections.Add(new(HostNetworkCorrectionKind.EniRule, rule.From, $"from {rule.From} lookup {table} of no attached ENI", $"ip rule del from {rule.From} lookup {table} prio {priority}"));
        }
    }

    // The mangle rule names the primary ENI's interface, found like every ENI's: by MAC.
    private async Task EnsureConnmarkAsync(HostNetworkDesiredState desired, HostNetworkSnapshot snapshot, List<HostNetworkCorrection> corrections, CancellationToken cancellationToken)
    {
        AttachedEni? primary = desired.Enis.FirstOrDefault(e => e.IsPrimary);
        IpLink? link = primary is null ? null : EniNetworkSetup.FindLink(snapshot.Links, primary.Mac);
        if (link is null)
        {
            throw new HostNetworkException($"no link with the primary ENI's MAC {primary?.Mac ?? "(primary ENI not in the pool yet)"}; the connmark rules need its interface name. Retried next pass");
        }

        await _connmarkRules.EnsureAsync(desired.Snat, link.Name, snapshot.NatTable ?? string.Empty, snapshot.MangleTable ?? string.Empty, corrections, cancellationToken);
    }

    private async Task EnsureFwmarkRuleAsync(HostNetworkSnapshot snapshot, List<HostNetworkCorrection> corrections, CancellationToken cancellationToken)
    {
        bool present = snapshot.Rules.Any(r =>
            r.Priority == FwmarkRulePriority && r.FwMark == FwmarkSelector && r.Table == AttachedEni.MainRouteTable);
        if (present)
        {
            return;
        }
        string priority = FwmarkRulePriority.ToString(CultureInfo.InvariantCulture);
        await IpCommand.RunAsync(_runner, ["rule", "add", "fwmark", FwmarkSelector, "lookup", "main", "prio", priority], cancellationToken, IpCommand.AlreadyExists);
        corrections.Add(new(HostNetworkCorrectionKind.FwmarkRule, "node", "rule missing", $"ip rule add fwmark {FwmarkSelector} lookup main prio {priority}"));
    }
}
