using System.Net;

namespace EsCni.Ipamd.Ec2Loop;

/// <summary>
/// Compares the journal's pool with what EC2 says about this instance's ENIs and records every difference as
/// events: intents left open by a crash are settled by asking EC2 (never by guessing), unknown ENIs and IPs are
/// adopted, vanished ones are removed — and an allocation whose IP EC2 no longer shows is quarantined, never deleted.
/// </summary>
/// <remarks>
/// EC2 (DescribeNetworkInterfaces) is the evidence, not IMDS: IMDS lags EC2 by seconds to minutes, and the VPC CNI's
/// IMDS-driven reconcile has released IPs that were still in use (reference/peers.md §3).
/// </remarks>
internal sealed partial class Ec2Reconciler(IEc2Api api, PoolCommands commands, TimeProvider time, ILogger logger, IpamdMetrics metrics)
{
    private readonly IEc2Api _api = api;
    private readonly PoolCommands _commands = commands;
    private readonly TimeProvider _time = time;
    private readonly ILogger _logger = logger;
    private readonly IpamdMetrics _metrics = metrics;

    public async Task ReconcileAsync(NodeIdentity identity, CancellationToken cancellationToken)
    {
        await SettlePendingCreatesAsync(cancellationToken).ConfigureAwait(false);
        Ec2Result<IReadOnlyList<EniDescription>> described = await _api.DescribeInstanceEnisAsync(cancellationToken).ConfigureAwait(false);
        Cause cause = new(CauseKind.Reconciler, AwsRequestId: described.Receipt.RequestId);
        IReadOnlyList<EniDescription> inEc2 = described.Value
            .Where(e => !e.IsUnmanaged && e.Attachment is { } a && a.InstanceId == identity.Instance.InstanceId && a.NetworkCardIndex == 0)
            .ToList();
        IReadOnlyList<EniInfo> inJournal = _commands.Pool.Read(p => p.GetEnis());

        foreach (EniDescription eni in inEc2)
        {
            EniInfo? known = inJournal.FirstOrDefault(j => j.EniId == eni.EniId);
            if (known is null)
            {
                await AdoptEniAsync(eni, identity, cause, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ReconcileIpsAsync(known, eni, cause, cancellationToken).ConfigureAwait(false);
                await ReconcilePrefixesAsync(known, eni, cause, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (EniInfo known in inJournal.Where(j => !inEc2.Any(e => e.EniId == j.EniId)))
        {
            await ForgetEniAsync(known, cause, cancellationToken).ConfigureAwait(false);
        }

        await ReconcileIpv6PrefixesAsync(inEc2, cause, cancellationToken).ConfigureAwait(false);
    }

    private async Task SettlePendingCreatesAsync(CancellationToken cancellationToken)
    {
        foreach (PendingEniCreate pending in _commands.Pool.Read(p => p.GetPendingEniCreates()))
        {
            Ec2Result<EniDescription?> found = await _api.FindEniByClientTokenAsync(pending.ClientToken, cancellationToken).ConfigureAwait(false);
            var cause = new Cause(CauseKind.Reconciler, AwsRequestId: found.Receipt.RequestId, ClientToken: pending.ClientToken);
            if (found.Value is { } eni)
            {
                await SubmitCorrectionAsync("pendingCreate", new RecordEniCreated(_time.GetUtcNow(), cause, eni.EniId, pending.ClientToken, pending.SubnetId), cancellationToken).ConfigureAwait(false);
                if (eni.Attachment is null)
                {
                    // Created but never attached (crash between the two calls): EC2 holds it for nothing.
                    Ec2Receipt deleted = await _api.DeleteEniAsync(eni.EniId, cancellationToken).ConfigureAwait(false);
                    await SubmitCorrectionAsync("pendingCreate", new RecordEniDeleted(_time.GetUtcNow(), cause with { AwsRequestId = deleted.RequestId }, eni.EniId), cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                await SubmitCorrectionAsync("pendingCreate", new RecordEniCreateFailed(_time.GetUtcNow(), cause, pending.ClientToken, "NotCreated",
                    "EC2 has no ENI with this ClientToken: the create never happened (settled by the reconciler after a restart)"), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task AdoptEniAsync(EniDescription eni, NodeIdentity identity, Cause cause, CancellationToken cancellationToken)
    {
        int deviceIndex = eni.Attachment!.DeviceIndex;
        string subnetCidr = eni.SubnetId == identity.Instance.SubnetId ? identity.Instance.SubnetCidr.ToString() : string.Empty;
        await SubmitCorrectionAsync("eni", new RecordDrift(_time.GetUtcNow(), cause, DriftSubject.Eni(eni.EniId), "not attached to this node",
            $"attached at device {deviceIndex} with {eni.SecondaryIps.Count} secondary IPs"), cancellationToken).ConfigureAwait(false);
        if (eni.Description.StartsWith(EniTags.VpcCniDescriptionPrefix, StringComparison.Ordinal))
        {
            // A takeover: the VPC CNI made this ENI. Its tags say which node and cluster it was made for; keep them before it is ours.
            ValueList<EniTag> tags = new(eni.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new EniTag(t.Key, t.Value)));
            await _commands.SubmitAsync(new RecordEniAdopted(_time.GetUtcNow(), cause, eni.EniId, eni.Description, tags), cancellationToken).ConfigureAwait(false);
        }

        await _commands.SubmitAsync(new RecordEniAttached(_time.GetUtcNow(), cause, eni.EniId, deviceIndex, eni.MacAddress, eni.SubnetId, subnetCidr,
            Ipv4Address.FromIPAddress(eni.PrimaryIp)), cancellationToken).ConfigureAwait(false);
        if (eni.SecondaryIps.Count > 0)
        {
            await _commands.SubmitAsync(new RecordPoolIpsAdded(_time.GetUtcNow(), cause, eni.EniId, ToIps(eni.SecondaryIps)), cancellationToken).ConfigureAwait(false);
        }

        if (eni.Ipv4Prefixes.Count > 0)
        {
            await _commands.SubmitAsync(new RecordPoolPrefixesAdded(_time.GetUtcNow(), cause, eni.EniId, new ValueList<Ipv4Prefix>(ToPrefixes(eni.Ipv4Prefixes))), cancellationToken).ConfigureAwait(false);
        }

        await _commands.SubmitAsync(new ResolveDrift(_time.GetUtcNow(), cause, DriftSubject.Eni(eni.EniId), "adopted into the pool"), cancellationToken).ConfigureAwait(false);
    }

    private async Task ReconcileIpsAsync(EniInfo known, EniDescription eni, Cause cause, CancellationToken cancellationToken)
    {
        var ec2Ips = eni.SecondaryIps.Select(Ipv4Address.FromIPAddress).ToHashSet();
        var journalIps = known.Ips.ToHashSet();
        var missingFromJournal = ec2Ips.Where(ip => !journalIps.Contains(ip)).OrderBy(ip => ip).ToList();
        if (missingFromJournal.Count > 0 || known.PendingIpRequest is not null)
        {
            // Also settles an AssignPrivateIpAddresses left open by a crash: EC2's answer is whatever it now shows.
            if (missingFromJournal.Count > 0)
            {
                await SubmitCorrectionAsync("ips", new RecordPoolIpsAdded(_time.GetUtcNow(), cause, eni.EniId, new ValueList<Ipv4Address>(missingFromJournal)), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await SubmitCorrectionAsync("ips", new RecordPoolIpsRequestFailed(_time.GetUtcNow(), cause, eni.EniId, "NotAssigned",
                    "EC2 shows no new IPs on this ENI: the assign never happened (settled by the reconciler)"), cancellationToken).ConfigureAwait(false);
            }
        }

        await FinishStuckReleaseAsync(eni, ec2Ips, cancellationToken).ConfigureAwait(false);
        var goneFromEc2 = journalIps.Where(ip => !ec2Ips.Contains(ip)).OrderBy(ip => ip).ToList();
        if (goneFromEc2.Count == 0)
        {
            return;
        }

        var free = new List<Ipv4Address>();
        foreach (Ipv4Address ip in goneFromEc2)
        {
            Allocation? owner = _commands.Pool.Read(p => p.TryGetAllocation(ip, out Allocation? a) ? a : null);
            if (owner is null)
            {
                free.Add(ip);
            }
            else if (!owner.IsQuarantined)
            {
                // A live pod may still use this address: keep the allocation, flag it, explain it.
                await SubmitCorrectionAsync("quarantine", new QuarantineAllocation(_time.GetUtcNow(), cause, ip,
                    $"EC2 (request {cause.AwsRequestId}) no longer lists {ip} on {eni.EniId}, but the journal says {owner.Key} of pod {owner.Pod} holds it"), cancellationToken).ConfigureAwait(false);
            }
        }

        if (free.Count > 0)
        {
            await SubmitCorrectionAsync("ips", new RecordPoolIpsRemoved(_time.GetUtcNow(), cause, eni.EniId, new ValueList<Ipv4Address>(free)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A release whose outcome was lost, while EC2 still lists the IPs: the unassign never happened (or not yet).
    /// Finish it rather than fail it — the IPs were free and cooled down when the warm pool chose them, and handing
    /// them to a pod now could race a late unassign. Left as it was, the IPs and their ENI would stay blocked for good.
    /// </summary>
    private async Task FinishStuckReleaseAsync(EniDescription eni, HashSet<Ipv4Address> ec2Ips, CancellationToken cancellationToken)
    {
        var stuck = new ValueList<Ipv4Address>(_commands.Pool.Read(p => p.GetReleasingIps(eni.EniId)).Where(ec2Ips.Contains).ToList());
        if (stuck.Count == 0)
        {
            return;
        }

        try
        {
            Ec2Receipt receipt = await _api.UnassignIpsAsync(eni.EniId, stuck.Select(ip => ip.ToIPAddress()).ToList(), cancellationToken).ConfigureAwait(false);
            await SubmitCorrectionAsync("release", new RecordPoolIpsRemoved(_time.GetUtcNow(), new Cause(CauseKind.Reconciler, AwsRequestId: receipt.RequestId), eni.EniId, stuck), cancellationToken).ConfigureAwait(false);
        }
        catch (CloudException ex) when (!ex.OutcomeUnknown)
        {
            await SubmitCorrectionAsync("release", new RecordPoolIpsReleaseFailed(_time.GetUtcNow(), new Cause(CauseKind.Reconciler, AwsRequestId: ex.RequestId), eni.EniId, stuck,
                ex.ErrorCode ?? ex.GetType().Name, ex.Message), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ForgetEniAsync(EniInfo known, Cause cause, CancellationToken cancellationToken)
    {
        string subject = DriftSubject.Eni(known.EniId);
        if (known.AllocatedCount > 0)
        {
            await SubmitCorrectionAsync("eni", new RecordDrift(_time.GetUtcNow(), cause, subject, $"attached at device {known.DeviceIndex} with {known.AllocatedCount} allocations",
                "not attached to this instance in EC2; its allocations are quarantined until their pods are deleted"), cancellationToken).ConfigureAwait(false);
            foreach (Allocation allocation in _commands.Pool.Read(p => p.GetAllocations()).Where(a => a.EniId == known.EniId && !a.IsQuarantined))
            {
                await _commands.SubmitAsync(new QuarantineAllocation(_time.GetUtcNow(), cause, allocation.Ip, $"EC2 no longer shows ENI {known.EniId} attached to this instance"), cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        await SubmitCorrectionAsync("eni", new RecordDrift(_time.GetUtcNow(), cause, subject, $"attached at device {known.DeviceIndex}", "not attached to this instance in EC2"), cancellationToken).ConfigureAwait(false);
        if (known.Status != EniStatus.Detaching)
        {
            await _commands.SubmitAsync(new RequestEniDetach(_time.GetUtcNow(), cause, known.EniId), cancellationToken).ConfigureAwait(false);
        }

        await _commands.SubmitAsync(new RecordEniDetached(_time.GetUtcNow(), cause, known.EniId), cancellationToken).ConfigureAwait(false);
        await _commands.SubmitAsync(new ResolveDrift(_time.GetUtcNow(), cause, subject, "recorded as detached"), cancellationToken).ConfigureAwait(false);
    }

    private async Task SubmitCorrectionAsync(string function, PoolCommand command, CancellationToken cancellationToken)
    {
        if (await _commands.SubmitAsync(command, cancellationToken).ConfigureAwait(false))
        {
            _metrics.ReconcileCount.WithLabels(function).Inc();
            LogCorrection(command.GetType().Name, function);
        }
    }

    private static ValueList<Ipv4Address> ToIps(IEnumerable<IPAddress> ips) => new(ips.Select(Ipv4Address.FromIPAddress));

    [LoggerMessage(EventId = LogEventIds.DriftDetected, Level = LogLevel.Warning, Message = "reconciler recorded {Command} ({Function}): the journal and EC2 disagreed")]
    private partial void LogCorrection(string command, string function);
}
