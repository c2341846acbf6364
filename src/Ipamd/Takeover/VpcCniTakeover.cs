using System.Diagnostics;

namespace EsCni.Ipamd.Takeover;

/// <summary>
/// Adopts the pods the VPC CNI left running, on a start whose journal never recorded a node (an empty journal, or
/// one that crashed before discovery finished), and again on every later start until that adoption finished; the EC2
/// loop calls it right after its first reconcile, when the pool holds exactly the IPs EC2 shows on this instance's ENIs.
/// </summary>
/// <remarks>
/// <para>
/// "Until it finished" is journaled as an open drift, <see cref="PendingSubject"/>, recorded before NodeStarted when
/// the checkpoint exists and resolved once the adoption ran: a crash anywhere between (after NodeStarted, mid-way
/// through the entries) leaves it open, and the next start redoes the adoption, which is idempotent per key and IP. An
/// open drift is part of every pool snapshot, so the mark survives compaction too.
/// </para>
/// <para>
/// Until then, and whenever the checkpoint is missing or unusable, the host-evidence guard's holds keep the running
/// pods' IPs from being handed out: the checkpoint only adds who owns them (so DEL and GC find them), never safety.
/// </para>
/// </remarks>
internal sealed partial class VpcCniTakeover(IpamdSettings settings, DurableNodePool pool, RecoveredPool recovered, TimeProvider time, ILogger<VpcCniTakeover> logger)
{
    /// <summary>The <see cref="IpAdopted.Source"/> prefix of everything adopted from the checkpoint.</summary>
    public const string SourcePrefix = "vpc-cni-checkpoint";

    /// <summary>The drift subject that stays open from the start of a takeover until its adoption ran.</summary>
    public const string PendingSubject = "takeover:vpc-cni-checkpoint";

    private readonly bool _firstStart = recovered.Pool.Node is null;
    private bool _done = recovered.Pool.Node is not null && !recovered.Pool.GetOpenDrifts().Any(d => d.Subject == PendingSubject);

    /// <summary>On a first start next to a VPC CNI checkpoint, journals that its adoption is pending; call before NodeStarted.</summary>
    public async Task MarkPendingAsync(CancellationToken cancellationToken)
    {
        string path = settings.Daemon.VpcCniCheckpointPath;
        if (!_firstStart || IsPending() || !File.Exists(path))
        {
            return;
        }

        await pool.SubmitAsync(new RecordDrift(time.GetUtcNow(), Cause.Of(CauseKind.Startup), PendingSubject, "no VPC CNI allocation adopted yet",
            $"{path} lists the pods the VPC CNI wired; adopted after the first EC2 reconcile, and again on every start until that finishes"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the adoption the first time it is called on such a start; later calls do nothing.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (_done)
        {
            return;
        }

        // An IPv6 node's entries are addresses of its /80, which the journal may not hold yet on a first start: the
        // adoption waits until PoolMaintenanceLoop.Ipv6 has adopted it from IMDS or EC2 (host evidence moving the
        // cursor past the running pods in the same decision). The pending mark stays open meanwhile.
        if (settings.Ipv6 && pool.Read(p => p.Ipv6Prefixes.Count) == 0)
        {
            return;
        }

        _done = true;
        if (settings.Daemon.FaultKillBeforeAdoption)
        {
            using Process self = Process.GetCurrentProcess();
            self.Kill(); // SIGKILL, as a crash: nothing flushed, nothing resolved
        }

        string path = settings.Daemon.VpcCniCheckpointPath;
        VpcCniCheckpoint? checkpoint = CheckpointFile.TryRead(path, out string? problem);
        if (checkpoint is null)
        {
            LogUnusable(logger, problem!);
            await FinishAsync("nothing adopted: " + problem, cancellationToken).ConfigureAwait(false);
            return;
        }

        WarnOfOtherNetworkCards(path);
        PodHostState host;
        PodHostIpv6State ipv6Host;
        try
        {
            var routes = new PodHostRoutes(HostCommandRunner.Host);
            host = await routes.ReadAsync(cancellationToken).ConfigureAwait(false);
            ipv6Host = settings.Ipv6 ? await routes.ReadIpv6Async(cancellationToken).ConfigureAwait(false) : new PodHostIpv6State([], []);
        }
        catch (HostCommandFailedException ex)
        {
            // Left pending: the next start tries again.
            LogUnusable(logger, $"cannot read the host's pod routes to check {path} against ({ex.Message}); nothing adopted, host evidence holds the running pods' IPs — restart escni-ipamd to retry");
            return;
        }

        var adoption = new CheckpointAdoption($"{SourcePrefix} {path}");
        CheckpointAdoption.Outcome outcome = settings.Ipv6
            ? await adoption.AdoptIpv6Async(pool, checkpoint.Allocations, host, ipv6Host, time.GetUtcNow(), cancellationToken).ConfigureAwait(false)
            : await adoption.AdoptAsync(pool, checkpoint.Allocations.Where(e => !e.IsIpv6).ToList(), host, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        LogAdopted(logger, outcome.Adopted, checkpoint.Allocations.Count, path, outcome.Quarantined, outcome.Refused);
        await FinishAsync(string.Create(CultureInfo.InvariantCulture,
            $"adopted {outcome.Adopted} of {checkpoint.Allocations.Count} allocations from {path} ({outcome.Quarantined} quarantined, {outcome.Refused} refused)"), cancellationToken).ConfigureAwait(false);
    }

    // The VPC CNI keeps the allocations of network card N > 0 in ipam-nic-N.json beside ipam.json; EsCni manages card 0 only.
    private void WarnOfOtherNetworkCards(string path)
    {
        string? directory = Path.GetDirectoryName(path);
        string[] others = directory is null || !Directory.Exists(directory) ? [] : [.. Directory.GetFiles(directory, "ipam-nic-*.json").Order(StringComparer.Ordinal)];
        if (others.Length > 0)
        {
            LogUnusable(logger, $"{string.Join(", ", others)} not adopted: multi-NIC checkpoints (network cards other than 0) are not supported; those pods keep their IPs, but their DELs find nothing and their host state is not cleaned — drain such a node instead");
        }
    }

    private bool IsPending() => pool.Read(p => p.GetOpenDrifts().Any(d => d.Subject == PendingSubject));

    private async Task FinishAsync(string resolution, CancellationToken cancellationToken)
    {
        if (IsPending())
        {
            await pool.SubmitAsync(new ResolveDrift(time.GetUtcNow(), Cause.Of(CauseKind.Reconciler), PendingSubject, resolution), cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = LogEventIds.VpcCniAdopted, Level = LogLevel.Information,
        Message = "adopted {Adopted} of {Entries} VPC CNI allocations from {Path}: {Quarantined} quarantined (the host disagrees), {Refused} refused and recorded as drift (EC2 or the journal disagrees); see `replay who-had` and /v1/pods")]
    private static partial void LogAdopted(ILogger logger, int adopted, int entries, string path, int quarantined, int refused);

    [LoggerMessage(EventId = LogEventIds.VpcCniCheckpointUnusable, Level = LogLevel.Warning, Message = "VPC CNI takeover: {Problem}")]
    private static partial void LogUnusable(ILogger logger, string problem);
}
