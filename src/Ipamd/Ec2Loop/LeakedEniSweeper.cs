namespace EsCni.Ipamd.Ec2Loop;

/// <summary>
/// Gives back ENIs that hold subnet addresses for no node, from two kinds of evidence:
/// <list type="bullet">
/// <item>ENIs this node's journal recorded as detached but never deleted — a crash between DetachNetworkInterface and
/// DeleteNetworkInterface, or a delete EC2 refused. Settled from the journal on every reconcile pass.</item>
/// <item>EsCni ENIs left <c>available</c> in the VPC that this journal never knew — a terminated node whose
/// DeleteOnTermination could not be set, a node that lost its disk. Found by the VPC CNI's tag sweep (at most every
/// <c>ESCNI_LEAKED_ENI_SWEEP_INTERVAL_S</c>): our instance tag and description, same VPC and cluster, and created
/// more than 5 minutes ago so an ENI another node is about to attach is left alone.</item>
/// </list>
/// Every deletion is journaled: the first kind as <c>EniDeleted</c>, the second as a drift detected and resolved, so
/// "where did eni-… go?" has an answer on the node that deleted it.
/// </summary>
internal sealed partial class LeakedEniSweeper(IEc2Api api, PoolCommands commands, TimeProvider time, ILogger logger, IpamdMetrics metrics, TimeSpan? sweepInterval)
{
    private static readonly TimeSpan s_minimumAge = TimeSpan.FromMinutes(5); // as the VPC CNI

    private readonly IEc2Api _api = api;
    private readonly PoolCommands _commands = commands;
    private readonly TimeProvider _time = time;
    private readonly ILogger _logger = logger;
    private readonly IpamdMetrics _metrics = metrics;
    private readonly TimeSpan? _sweepInterval = sweepInterval;
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    /// <summary>Deletes the journal's detached ENIs, then, when due (and <c>sweepInterval</c> was given), sweeps the VPC for leaked ones.</summary>
    public async Task RunAsync(NodeIdentity identity, CancellationToken cancellationToken)
    {
        await DeleteDetachedAsync(cancellationToken).ConfigureAwait(false);
        if (_sweepInterval is { } interval && _time.GetUtcNow() >= _nextSweep)
        {
            await SweepVpcAsync(identity, cancellationToken).ConfigureAwait(false);
            _nextSweep = _time.GetUtcNow() + interval;
        }
    }

    private async Task DeleteDetachedAsync(CancellationToken cancellationToken)
    {
        foreach (UnattachedEni eni in _commands.Pool.Read(p => p.GetUnattachedEnis()))
        {
            try
            {
                Ec2Receipt deleted = await _api.DeleteEniAsync(eni.EniId, cancellationToken).ConfigureAwait(false);
                var cause = new Cause(CauseKind.Reconciler, AwsRequestId: deleted.RequestId);
                if (await _commands.SubmitAsync(new RecordEniDeleted(_time.GetUtcNow(), cause, eni.EniId), cancellationToken).ConfigureAwait(false))
                {
                    _metrics.ReconcileCount.WithLabels("detachedEni").Inc();
                    LogDetachedDeleted(eni.EniId, eni.Since);
                }
            }
            catch (CloudException ex) when (!ex.OutcomeUnknown)
            {
                // Typically still "detaching" in EC2; the next pass tries again.
                _metrics.IpamdErrors.WithLabels("detachedEni").Inc();
                LogDeleteFailed(eni.EniId, ex.Message);
            }
        }
    }

    private async Task SweepVpcAsync(NodeIdentity identity, CancellationToken cancellationToken)
    {
        HashSet<string> known = _commands.Pool.Read(p => p.GetEnis().Select(e => e.EniId)
            .Concat(p.GetUnattachedEnis().Select(u => u.EniId)).ToHashSet(StringComparer.Ordinal));
        Ec2Result<IReadOnlyList<EniDescription>> leaked = await _api.ListLeakedEnisAsync(
            identity.Instance.VpcId, _time.GetUtcNow() - s_minimumAge, cancellationToken).ConfigureAwait(false);
        foreach (EniDescription eni in leaked.Value.Where(e => !known.Contains(e.EniId)))
        {
            string subject = DriftSubject.Eni(eni.EniId);
            string owner = eni.Tags.GetValueOrDefault(EniTags.InstanceId, "?");
            string created = eni.Tags.GetValueOrDefault(EniTags.CreatedAt, "?");
            var cause = new Cause(CauseKind.Reconciler, AwsRequestId: leaked.Receipt.RequestId);
            await _commands.SubmitAsync(new RecordDrift(_time.GetUtcNow(), cause, subject, "no EsCni ENI is left detached in the VPC",
                $"{eni.EniId} (created {created} for instance {owner}, subnet {eni.SubnetId}) is available, attached to nothing"), cancellationToken).ConfigureAwait(false);
            try
            {
                Ec2Receipt deleted = await _api.DeleteEniAsync(eni.EniId, cancellationToken).ConfigureAwait(false);
                await _commands.SubmitAsync(new ResolveDrift(_time.GetUtcNow(), cause with { AwsRequestId = deleted.RequestId }, subject,
                    "deleted as leaked (DeleteNetworkInterface)"), cancellationToken).ConfigureAwait(false);
                _metrics.ReconcileCount.WithLabels("leakedEni").Inc();
                LogLeakedDeleted(eni.EniId, owner, created);
            }
            catch (CloudException ex) when (!ex.OutcomeUnknown)
            {
                _metrics.IpamdErrors.WithLabels("leakedEni").Inc();
                LogDeleteFailed(eni.EniId, ex.Message);
            }
        }
    }

    [LoggerMessage(EventId = LogEventIds.DetachedEniDeleted, Level = LogLevel.Information, Message = "deleted ENI {EniId}, detached since {Since:O} but not deleted (journaled as EniDeleted)")]
    private partial void LogDetachedDeleted(string eniId, DateTimeOffset since);

    [LoggerMessage(EventId = LogEventIds.LeakedEniDeleted, Level = LogLevel.Warning, Message = "deleted leaked ENI {EniId} (created {CreatedAt} for instance {Owner}; journaled as drift)")]
    private partial void LogLeakedDeleted(string eniId, string owner, string createdAt);

    [LoggerMessage(EventId = LogEventIds.LeakedEniDeleteFailed, Level = LogLevel.Warning, Message = "could not delete detached ENI {EniId} yet: {Reason}; retrying on the next reconcile pass")]
    private partial void LogDeleteFailed(string eniId, string reason);
}
