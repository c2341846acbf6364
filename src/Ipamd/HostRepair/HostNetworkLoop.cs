using System.Net;

namespace EsCni.Ipamd.HostRepair;

/// <summary>
/// Keeps the host's ENI networking (links, route tables, rules, SNAT) equal to the pool, continuously: an ENI
/// attached by the warm pool is set up on the next pass, and a route or rule deleted by hand comes back.
/// </summary>
/// <remarks>
/// A correction to something this loop had already set up is a drift, and is journaled (DriftDetected +
/// DriftResolved) so "who deleted table 3 at 14:02?" has an answer; the first set-up of a new ENI is not. Each pass
/// also compares the pods' host routes with the journal's allocations (<see cref="PodHostDrift"/>).
/// </remarks>
internal sealed partial class HostNetworkLoop(IpamdSettings settings, DurableNodePool pool, CloudSession session, IHostNetworkReconciler reconciler, IpamdMetrics metrics, TimeProvider time, ILogger<HostNetworkLoop> logger) : BackgroundService
{
    private readonly HashSet<string> _settledEnis = new(StringComparer.Ordinal);
    private readonly PodHostRoutes _podRoutes = new(HostCommandRunner.Host);
    private readonly PodHostDrift _podDrift = new(settings.PodDriftGrace);
    private readonly HostEvidenceGuard _guard = new();
    private readonly Ipv6HostSysctls _ipv6Sysctls = new(HostCommandRunner.Host);
    private bool _firstCleanPass;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // SNAT needs the node's primary IP and VPC CIDRs, which come from discovery.
        (_, NodeIdentity identity) = await session.WaitAsync(stoppingToken).ConfigureAwait(false);
        using var timer = new PeriodicTimer(settings.HostNetworkInterval, time);
        do
        {
            try
            {
                await PassAsync(identity, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (PoolUnavailableException)
            {
                return;
            }
#pragma warning disable CA1031 // One failed pass (an ip command timing out) must not end host repair for good.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                metrics.IpamdErrors.WithLabels("hostNetwork").Inc();
                LogPassFailed(ex.Message, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task PassAsync(NodeIdentity identity, CancellationToken cancellationToken)
    {
        IReadOnlyList<EniInfo> enis = pool.Read(p => p.GetEnis());
        var attached = enis
            .Where(e => e.Status == EniStatus.Attached && IPNetwork.TryParse(e.SubnetCidr, out _))
            .Select(e => new AttachedEni(e.EniId, e.Mac, e.DeviceIndex, e.PrimaryIp.ToIPAddress(), IPNetwork.Parse(e.SubnetCidr)))
            .ToList();
        var desired = new HostNetworkDesiredState(attached, settings.HostNetwork.GetMtu(),
            settings.HostNetwork.ToSnatSettings(identity.PrimaryIp, identity.VpcCidrs));
        HostNetworkReconcileReport report = await reconciler.ReconcileAsync(desired, cancellationToken).ConfigureAwait(false);
        foreach (string problem in report.Problems)
        {
            LogProblem(problem);
        }

        foreach (HostNetworkCorrection correction in report.Corrections)
        {
            metrics.ReconcileCount.WithLabels("hostNetwork").Inc();
            LogCorrection(correction.ToString());
            if (WasSettled(correction))
            {
                string subject = DriftSubject.Host(correction.Subject);
                await pool.SubmitAsync(new RecordDrift(time.GetUtcNow(), Cause.Of(CauseKind.Reconciler), subject, correction.Applied, correction.Found), cancellationToken).ConfigureAwait(false);
                await pool.SubmitAsync(new ResolveDrift(time.GetUtcNow(), Cause.Of(CauseKind.Reconciler), subject, "restored: " + correction.Applied), cancellationToken).ConfigureAwait(false);
            }
        }

        PodHostState pods = await _podRoutes.ReadAsync(cancellationToken).ConfigureAwait(false);
        PodHostIpv6State? ipv6Pods = null;
        if (settings.Ipv6)
        {
            await EnsureIpv6SysctlsAsync(identity, cancellationToken).ConfigureAwait(false);
            ipv6Pods = await _podRoutes.ReadIpv6Async(cancellationToken).ConfigureAwait(false);
        }

        foreach (PoolCommand command in _podDrift.Compare(pool, pods, time.GetUtcNow(), ipv6Pods))
        {
            metrics.ReconcileCount.WithLabels("podHost").Inc();
            await pool.SubmitAsync(command, cancellationToken).ConfigureAwait(false);
        }

        foreach (PoolCommand command in _guard.Compare(pool, pods, time.GetUtcNow()))
        {
            Decision decision = await pool.SubmitAsync(command, cancellationToken).ConfigureAwait(false);
            if (decision.Events.Count > 0)
            {
                metrics.ReconcileCount.WithLabels("hostEvidence").Inc();
                LogHold(EventText(decision.Events[0]));
            }
        }

        if (ipv6Pods is not null && HostEvidenceGuard.CompareIpv6(pool, pods, ipv6Pods, time.GetUtcNow()) is { } advance)
        {
            Decision decision = await pool.SubmitAsync(advance, cancellationToken).ConfigureAwait(false);
            if (decision.Events.Count > 0)
            {
                metrics.ReconcileCount.WithLabels("hostEvidence").Inc();
                LogHold(EventText(decision.Events[0]));
            }
        }

        if (report.Problems.Count == 0)
        {
            _settledEnis.UnionWith(attached.Select(e => e.EniId));
            _firstCleanPass = true;
        }
    }

    // Every pass, not only at start: a sysctl reset by hand (or by a tool that "hardens" the node) would silently stop
    // IPv6 pod traffic (forwarding) or drop the node's IPv6 default route (accept_ra), so it is put back and logged.
    private async Task EnsureIpv6SysctlsAsync(NodeIdentity identity, CancellationToken cancellationToken)
    {
        string? primary = await _ipv6Sysctls.FindInterfaceAsync(identity.Instance.PrimaryEni.MacAddress, cancellationToken).ConfigureAwait(false);
        foreach (string change in await _ipv6Sysctls.EnsureAsync(primary, cancellationToken).ConfigureAwait(false))
        {
            metrics.ReconcileCount.WithLabels("ipv6Sysctl").Inc();
            LogIpv6Sysctl(change);
        }
    }

    private bool WasSettled(HostNetworkCorrection correction) =>
        _firstCleanPass && (correction.Kind is HostNetworkCorrectionKind.SnatChain or HostNetworkCorrectionKind.SnatJump or HostNetworkCorrectionKind.FwmarkRule
                or HostNetworkCorrectionKind.ConnmarkChain or HostNetworkCorrectionKind.ConnmarkJump
            || _settledEnis.Any(id => correction.Subject.Contains(id, StringComparison.Ordinal)));

    private static string EventText(DomainEvent e) => e switch
    {
        IpHeld h => $"held {h.Ip}: {h.Evidence}",
        IpHoldLifted l => $"lifted hold on {l.Ip}: {l.Why}",
        _ => e.GetType().Name,
    };

    [LoggerMessage(EventId = LogEventIds.Ipv6HostSysctls, Level = LogLevel.Information, Message = "IPv6 host sysctl set: {Change}")]
    private partial void LogIpv6Sysctl(string change);

    [LoggerMessage(EventId = LogEventIds.HostEvidenceHeld, Level = LogLevel.Warning, Message = "host evidence: {What}")]
    private partial void LogHold(string what);

    [LoggerMessage(EventId = LogEventIds.HostNetworkCorrected, Level = LogLevel.Information, Message = "host networking: {Correction}")]
    private partial void LogCorrection(string correction);

    [LoggerMessage(EventId = LogEventIds.ReconcileFailed, Level = LogLevel.Warning, Message = "host networking: {Problem}")]
    private partial void LogProblem(string problem);

    [LoggerMessage(EventId = LogEventIds.ReconcileFailed, Level = LogLevel.Warning, Message = "host networking pass failed: {Reason}; retrying next pass")]
    private partial void LogPassFailed(string reason, Exception exception);
}
