namespace EsCni.Ipamd.Takeover;

/// <summary>
/// Adopts the pods the VPC CNI left running, once, on a start whose journal never recorded a node (an empty journal,
/// or one that crashed before discovery finished); the EC2 loop calls it right after its first reconcile, when the
/// pool holds exactly the IPs EC2 shows on this instance's ENIs.
/// </summary>
/// <remarks>
/// Until then, and whenever the checkpoint is missing or unusable, the host-evidence guard's holds keep the running
/// pods' IPs from being handed out: the checkpoint only adds who owns them (so DEL and GC find them), never safety.
/// </remarks>
internal sealed partial class VpcCniTakeover(IpamdSettings settings, DurableNodePool pool, RecoveredPool recovered, TimeProvider time, ILogger<VpcCniTakeover> logger)
{
    /// <summary>The <see cref="IpAdopted.Source"/> prefix of everything adopted from the checkpoint.</summary>
    public const string SourcePrefix = "vpc-cni-checkpoint";

    private bool _done = recovered.Pool.Node is not null;

    /// <summary>Runs the adoption the first time it is called on such a start; later calls do nothing.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (_done)
        {
            return;
        }

        _done = true;
        string path = settings.Daemon.VpcCniCheckpointPath;
        VpcCniCheckpoint? checkpoint = CheckpointFile.TryRead(path, out string? problem);
        if (checkpoint is null)
        {
            LogUnusable(logger, problem!);
            return;
        }

        PodHostState host;
        try
        {
            host = await new PodHostRoutes(HostCommandRunner.Host).ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HostCommandFailedException ex)
        {
            LogUnusable(logger, $"cannot read the host's pod routes to check {path} against ({ex.Message}); nothing adopted, host evidence holds the running pods' IPs — restart on an empty journal to retry");
            return;
        }

        var adoption = new CheckpointAdoption($"{SourcePrefix} {path}");
        CheckpointAdoption.Outcome outcome = await adoption.AdoptAsync(pool, checkpoint.Allocations, host, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        LogAdopted(logger, outcome.Adopted, checkpoint.Allocations.Count, path, outcome.Quarantined, outcome.Refused);
    }

    [LoggerMessage(EventId = LogEventIds.VpcCniAdopted, Level = LogLevel.Information,
        Message = "adopted {Adopted} of {Entries} VPC CNI allocations from {Path}: {Quarantined} quarantined (the host disagrees), {Refused} refused and recorded as drift (EC2 or the journal disagrees); see `replay who-had` and /v1/pods")]
    private static partial void LogAdopted(ILogger logger, int adopted, int entries, string path, int quarantined, int refused);

    [LoggerMessage(EventId = LogEventIds.VpcCniCheckpointUnusable, Level = LogLevel.Warning, Message = "VPC CNI takeover: {Problem}")]
    private static partial void LogUnusable(ILogger logger, string problem);
}
