using EsCni.Domain.RuntimeGc;

namespace EsCni.Ipamd.RuntimeGc;

/// <summary>
/// The safety net below the runtime: every ESCNI_CRI_GC_INTERVAL_S it asks the container runtime for its pod
/// sandboxes, lets <see cref="AbsentSandboxes"/> judge the journal's allocations against the answer, and journals each
/// release it decides as IpReleased (reason RuntimeGc, with the evidence).
/// </summary>
/// <remarks>
/// Kubelet with containerd never sends CNI GC, so a DEL lost while the daemon was down would hold its IP for the life
/// of the node. This loop only ever asks and submits: the rules that keep a restarting runtime from emptying the pool
/// are pure and live in Domain. CNI GC from a 1.1 runtime (Grpc/CniBackendService.Gc) is separate and unchanged.
/// </remarks>
internal sealed partial class RuntimeGcLoop(IpamdSettings settings, DurableNodePool pool, IPodSandboxSource source, IpamdMetrics metrics, TimeProvider time, ILogger<RuntimeGcLoop> logger) : BackgroundService
{
    // A runtime that hangs is a runtime that failed to answer; a pass never waits longer than this (or the interval).
    private static readonly TimeSpan s_maxListTime = TimeSpan.FromSeconds(30);

    private readonly RuntimeGcOptions _options = settings.RuntimeGc;
    private readonly AbsentSandboxes _absent = new(settings.RuntimeGc.ToPolicy());
    private GcPassOutcome? _lastOutcome; // a refusal is logged when it starts, not on every pass it lasts

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (source is NoPodSandboxSource off)
        {
            LogOff(off.Reason);
            return;
        }

        RuntimeGcPolicy policy = _absent.Policy;
        LogOn(_options.CriSocket, _options.Interval.TotalSeconds, policy.Confirmations, policy.Grace.TotalSeconds, policy.MaxReleasesPerPass);
        using var timer = new PeriodicTimer(_options.Interval, time);
        do
        {
            try
            {
                await PassAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (PoolUnavailableException)
            {
                return;
            }
#pragma warning disable CA1031 // One failed pass must not end the safety net for good; the next pass starts from fresh evidence.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                metrics.IpamdErrors.WithLabels("runtimeGc").Inc();
                LogPassFailed(ex.Message, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One pass: ask, judge, release. Tests drive it directly with their own clock.</summary>
    internal async Task<GcVerdict> PassAsync(CancellationToken cancellationToken)
    {
        SandboxObservation observation = await ObserveAsync(cancellationToken).ConfigureAwait(false);
        (IReadOnlyList<Allocation> live, IReadOnlyList<Ipv6Allocation> liveIpv6) = pool.Read(p => (p.GetAllocations(), p.GetIpv6Allocations()));
        GcVerdict verdict = _absent.Observe(live, liveIpv6, observation);
        Count(verdict);

        foreach (GcRelease release in verdict.Releases)
        {
            await ReleaseAsync(release.ToCommand(time.GetUtcNow(), Cause.Of(CauseKind.Reconciler)), release.Allocation.Ip.ToString(), cancellationToken).ConfigureAwait(false);
        }

        foreach (GcIpv6Release release in verdict.Ipv6Releases)
        {
            await ReleaseAsync(release.ToCommand(time.GetUtcNow(), Cause.Of(CauseKind.Reconciler)), release.Allocation.Address.ToString(), cancellationToken).ConfigureAwait(false);
        }

        return verdict;
    }

    // Either family: the command is pinned to the allocation's LSN, so a moot release (ended or replaced since) is no event.
    private async Task ReleaseAsync(ReleaseIpByKey release, string address, CancellationToken cancellationToken)
    {
        Decision decision = await pool.SubmitAsync(release, cancellationToken).ConfigureAwait(false);
        if (decision.Events.Count > 0)
        {
            metrics.RuntimeGcReleases.Inc();
            LogReleased(address, release.Key.ToString(), release.Evidence);
        }
        else
        {
            LogReleaseMoot(release.Key.ToString(), decision.Rejection?.Message ?? "the allocation had already ended or been replaced");
        }
    }

    private async Task<SandboxObservation> ObserveAsync(CancellationToken cancellationToken)
    {
        // Taken before asking: an allocation made after this moment is not judged by the answer (an ADD racing the list).
        DateTimeOffset asked = time.GetUtcNow();
        using var timeout = new CancellationTokenSource(_options.Interval < s_maxListTime ? _options.Interval : s_maxListTime, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            IReadOnlyList<LiveSandbox> sandboxes = await source.ListAsync(deadline.Token).ConfigureAwait(false);
            return SandboxObservation.Listed(asked, sandboxes.Select(s => new ObservedSandbox(s.Id, new Pod(s.PodNamespace, s.PodName, s.PodUid), s.Ready)).ToList());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SandboxObservation.Failed(asked, "ListPodSandbox did not answer in time");
        }
#pragma warning disable CA1031 // Whatever the runtime or its client throws, the answer is "no answer"; the rules decide what that means.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return SandboxObservation.Failed(asked, string.IsNullOrEmpty(ex.Message) ? ex.GetType().Name : ex.Message);
        }
    }

    private void Count(GcVerdict verdict)
    {
        metrics.RuntimeGcPasses.WithLabels(MetricLabel(verdict.Outcome)).Inc();
        metrics.RuntimeGcAbsent.Set(_absent.Tracked);
        if (verdict.Outcome is GcPassOutcome.EmptyAnswer or GcPassOutcome.Suspicious)
        {
            metrics.RuntimeGcSuspicious.WithLabels(MetricLabel(verdict.Outcome)).Inc();
        }

        if (verdict.Outcome is GcPassOutcome.Counted)
        {
            LogPass(verdict.Explanation);
        }
        else if (verdict.Outcome != _lastOutcome)
        {
            LogRefused(verdict.Outcome, verdict.Explanation);
        }

        _lastOutcome = verdict.Outcome;
    }

    private static string MetricLabel(GcPassOutcome outcome) => outcome switch
    {
        GcPassOutcome.Counted => "counted",
        GcPassOutcome.Suspicious => "suspicious",
        GcPassOutcome.RuntimeFailed => "runtime_failed",
        _ => "empty_answer",
    };
}
