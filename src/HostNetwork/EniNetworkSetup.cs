namespace EsCni.HostNetwork;

/// <summary>Configures the host side of an attached ENI: its link (found by MAC), MTU, address, route table and source rule.</summary>
/// <remarks>
/// Every step compares with what the host has and changes only what differs, with replace semantics, so
/// running it twice — or concurrently with the reconciler — is harmless. The sequence is the VPC CNI's
/// `setupENINetwork` (reference/vpc-cni.md §3), except that only global IPv4 addresses other than the ENI's
/// primary IP are removed instead of flushing all, so a repair pass never drops the address it is about to keep.
/// </remarks>
public sealed partial class EniNetworkSetup
{
    /// <summary>The rule priority of `from ENI-primary-IP lookup T`, below the kernel's main rule (32766).</summary>
    public const int EniRulePriority = 32765;

    private readonly HostCommandRunner _runner;
    private readonly TimeProvider _timeProvider;
    private readonly int _linkLookupAttempts;
    private readonly TimeSpan _linkLookupDelay; // between attempts: hotplug makes the link appear after the attach call returns

    /// <summary>Creates the setup; the link of a fresh ENI is looked for <paramref name="linkLookupAttempts"/> times, <paramref name="linkLookupDelay"/> apart (default 5 × 1 s).</summary>
    public EniNetworkSetup(
        HostCommandRunner runner, TimeProvider? timeProvider = null, int linkLookupAttempts = 5, TimeSpan? linkLookupDelay = null)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentOutOfRangeException.ThrowIfLessThan(linkLookupAttempts, 1);
        _runner = runner;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _linkLookupAttempts = linkLookupAttempts;
        _linkLookupDelay = linkLookupDelay ?? TimeSpan.FromSeconds(1);
    }

    /// <summary>Brings an ENI's host networking to the desired state, waiting for its link to appear; call it after each attach.</summary>
    /// <returns>What was changed; empty when the host already matched.</returns>
    /// <exception cref="EniLinkNotFoundException">No link carries the ENI's MAC after all attempts.</exception>
    /// <exception cref="HostCommandFailedException">An `ip` command failed.</exception>
    public async Task<IReadOnlyList<HostNetworkCorrection>> SetupAsync(AttachedEni eni, int mtu, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eni);
        for (int attempt = 1; ; attempt++)
        {
            IReadOnlyList<IpLink> links = await HostNetworkSnapshot.ReadLinksAsync(_runner, cancellationToken);
            if (FindLink(links, eni.Mac) is not null)
            {
                break;
            }
            if (attempt == _linkLookupAttempts)
            {
                throw new EniLinkNotFoundException(eni.EniId, eni.Mac, _linkLookupDelay * (_linkLookupAttempts - 1));
            }
            await Task.Delay(_linkLookupDelay, _timeProvider, cancellationToken);
        }

        HostNetworkSnapshot snapshot = await HostNetworkSnapshot.ReadAsync(_runner, includeIptables: false, cancellationToken);
        var corrections = new List<HostNetworkCorrection>();
        IpLink link = FindLink(snapshot.Links, eni.Mac)
            ?? throw new EniLinkNotFoundException(eni.EniId, eni.Mac, TimeSpan.Zero);
        await EnsureAsync(eni, mtu, link, snapshot, corrections, cancellationToken);
        return corrections;
    }

    /// <summary>Removes what <see cref="SetupAsync"/> added outside the link (rule and route table); call it after a detach. Already-gone is success.</summary>
    /// <exception cref="HostCommandFailedException">An `ip` command failed for another reason.</exception>
    public async Task RemoveAsync(AttachedEni eni, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eni);
        if (eni.IsPrimary)
        {
            return;
        }
        string table = eni.RouteTable.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string priority = EniRulePriority.ToString(System.Globalization.CultureInfo.InvariantCulture);
        while (await IpCommand.RunAsync(
            _runner, ["rule", "del", "from", eni.PrimaryIp.ToString(), "prio", priority], cancellationToken,
            IpCommand.NoSuchFile))
        {
            // One `ip rule del` removes one match; a rule pointing at an old table may also be left.
        }
        await IpCommand.RunAsync(_runner, ["route", "flush", "table", table], cancellationToken, IpCommand.NoSuchProcess);
    }

    /// <summary>The link carrying <paramref name="mac"/>, or null; MACs compare case-insensitively.</summary>
    internal static IpLink? FindLink(IReadOnlyList<IpLink> links, string mac)
    {
        foreach (IpLink link in links)
        {
            if (string.Equals(link.Mac, mac, StringComparison.OrdinalIgnoreCase))
            {
                return link;
            }
        }
        return null;
    }
}
