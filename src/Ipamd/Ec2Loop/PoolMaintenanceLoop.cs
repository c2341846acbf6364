using EsCni.Domain.WarmPool;
using EsCni.Ipamd.Takeover;

namespace EsCni.Ipamd.Ec2Loop;

/// <summary>
/// The one background loop that talks to EC2: discover the node, record NodeStarted, reconcile the journal with
/// EC2 and give back leaked ENIs, then keep the warm pool at its targets, reconciling again every so often.
/// </summary>
/// <remarks>
/// Reconciliation and warm-pool actions share this loop on purpose: a DescribeNetworkInterfaces taken just before
/// an AssignPrivateIpAddresses completes would make the reconciler "remove" IPs the warm pool just added. One loop
/// means at most one EC2 mutation in flight per node, let alone per ENI.
/// </remarks>
internal sealed partial class PoolMaintenanceLoop(IpamdSettings settings, DurableNodePool pool, CloudSession session, ImdsClient imds, IEc2CallObserver observer, IpamdMetrics metrics, TimeProvider time, ILogger<PoolMaintenanceLoop> logger, SubnetExhaustion subnetExhaustion, VpcCniTakeover takeover) : BackgroundService
{
    private static readonly TimeSpan s_subnetExhaustedBackoff = TimeSpan.FromSeconds(120); // as the VPC CNI's insufficient-CIDR cooling period

    private readonly PoolCommands _commands = new(pool, logger);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        (IEc2Api api, NodeIdentity identity) = await ConnectAsync(stoppingToken).ConfigureAwait(false);
        var reconciler = new Ec2Reconciler(api, _commands, time, logger, metrics);
        // The VPC CNI turns the leaked-ENI sweep off in IPv6 mode (no ENIs are created there).
        var sweeper = new LeakedEniSweeper(api, _commands, time, logger, metrics,
            settings.WarmPool.LeakedEniCleanup && !settings.Ipv6 ? settings.WarmPool.LeakedEniSweepInterval : null);
        DateTimeOffset nextReconcile = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(settings.WarmPool.Interval, time);
        do
        {
            try
            {
                if (time.GetUtcNow() >= nextReconcile)
                {
                    await reconciler.ReconcileAsync(identity, stoppingToken).ConfigureAwait(false);
                    // Right after the first reconcile: the pool then holds exactly the IPs EC2 shows on this instance.
                    await takeover.RunOnceAsync(stoppingToken).ConfigureAwait(false);
                    await sweeper.RunAsync(identity, stoppingToken).ConfigureAwait(false);
                    nextReconcile = time.GetUtcNow() + settings.WarmPool.ReconcileInterval;
                }

                // Act until the policy is satisfied (or blocked), so a cold start fills the pool without waiting a tick per step.
                // In IPv6 mode the only "pool" is the node's /80 (PoolMaintenanceLoop.Ipv6.cs): no IPv4 warm pool, no extra ENIs.
                for (int step = 0; step < 16 && await (settings.Ipv6 ? Ipv6StepAsync(api, identity, stoppingToken) : StepAsync(api, identity, stoppingToken)).ConfigureAwait(false); step++)
                {
                }

                // An IPv6 node's takeover waits for the /80 (VpcCniTakeover.RunOnceAsync); once adopted it does nothing.
                await takeover.RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (PoolUnavailableException)
            {
                return;
            }
#pragma warning disable CA1031 // The loop must outlive any one EC2 failure; each is logged and counted, then retried next tick.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                metrics.IpamdErrors.WithLabels("poolMaintenance").Inc();
                LogLoopFailed(ex.Message, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task<(IEc2Api Api, NodeIdentity Identity)> ConnectAsync(CancellationToken stoppingToken)
    {
        TimeSpan delay = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            try
            {
                (Ec2Api api, NodeIdentity identity) = await NodeDiscovery.DiscoverAsync(settings, imds, observer, time, stoppingToken).ConfigureAwait(false);
                await takeover.MarkPendingAsync(stoppingToken).ConfigureAwait(false);
                await RecordNodeStartedAsync(identity, stoppingToken).ConfigureAwait(false);
                session.Connect(api, identity);
                LogNodeInitialized(identity.Instance.InstanceId, identity.Instance.InstanceType, identity.Limits.MaxEnis, identity.Limits.Ipv4PerEni);
                return (api, identity);
            }
            catch (Exception ex) when (ex is CloudException or HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                metrics.IpamdErrors.WithLabels("nodeInit").Inc();
                LogNodeInitFailed(ex.Message, delay.TotalSeconds);
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    private Task<bool> RecordNodeStartedAsync(NodeIdentity identity, CancellationToken cancellationToken)
    {
        int maxEnis = Math.Min(identity.Limits.MaxEnis, settings.WarmPool.MaxEni ?? int.MaxValue);
        var command = new InitNode(time.GetUtcNow(), Cause.Of(CauseKind.Startup), identity.Instance.InstanceId, identity.Instance.InstanceType,
            identity.Instance.AvailabilityZone, new ValueList<string>(identity.VpcCidrs.Select(c => c.ToString())), maxEnis,
            identity.Limits.Ipv4PerEni, BuildInfo.Version, settings.WarmPool.IpCooldown);
        return _commands.SubmitAsync(command, cancellationToken);
    }


    [LoggerMessage(EventId = LogEventIds.NodeInitialized, Level = LogLevel.Information, Message = "node {InstanceId} ({InstanceType}: {MaxEnis} ENIs x {IpsPerEni} IPv4) recorded; EC2 reconciliation and warm pool running")]
    private partial void LogNodeInitialized(string instanceId, string instanceType, int maxEnis, int ipsPerEni);

    [LoggerMessage(EventId = LogEventIds.NodeInitFailed, Level = LogLevel.Warning, Message = "cannot read the node from IMDS/EC2 yet ({Reason}); retrying in {Seconds:F1} s — CNI requests are still served from the journal")]
    private partial void LogNodeInitFailed(string reason, double seconds);

    [LoggerMessage(EventId = LogEventIds.WarmPoolFailed, Level = LogLevel.Warning, Message = "pool maintenance failed: {Reason}; retrying next tick")]
    private partial void LogLoopFailed(string reason, Exception exception);
}
