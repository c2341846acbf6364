using System.Net;
using EsCni.Domain.WarmPool;

namespace EsCni.Ipamd.Ec2Loop;

/// <summary>One warm-pool step: ask the Domain's policy, then carry out its decision as intent → EC2 call → outcome.</summary>
internal sealed partial class PoolMaintenanceLoop
{
    /// <summary>Returns true when it acted (so the caller may step again at once).</summary>
    private async Task<bool> StepAsync(IEc2Api api, NodeIdentity identity, CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        (WarmPoolView view, NodeInfo? node, DateTimeOffset? prefixShortageAt) = _commands.Pool.Read(p => (p.GetWarmPoolView(now), p.Node, p.PrefixShortageAt));
        if (node is null)
        {
            return false;
        }

        WarmPoolDecision decision = WarmPoolPolicy.Decide(view, TargetsFor(identity, prefixShortageAt, now), new InstanceLimits(node.MaxEnis, node.IpsPerEni));
        bool mayGrow = !subnetExhaustion.BlocksGrowth(now);
        switch (decision)
        {
            case WarmPoolDecision.AddIps add when mayGrow:
                LogAction("add IPs", add.Reason);
                return await AddIpsAsync(api, add.EniId, add.Count, cancellationToken).ConfigureAwait(false);
            case WarmPoolDecision.AttachEni attach when mayGrow:
                LogAction("attach ENI", attach.Reason);
                return await AttachEniAsync(api, identity, attach.SecondaryIpCount, attach.PrefixCount, cancellationToken).ConfigureAwait(false);
            case WarmPoolDecision.AddPrefixes add when mayGrow:
                LogAction("add prefixes", add.Reason);
                return await AddPrefixesAsync(api, add.EniId, add.Count, cancellationToken).ConfigureAwait(false);
            case WarmPoolDecision.ReleasePrefixes release:
                LogAction("release prefixes", release.Reason);
                return await ReleasePrefixesAsync(api, release.EniId, release.Prefixes, cancellationToken).ConfigureAwait(false);
            case WarmPoolDecision.ReleaseIps release:
                LogAction("release IPs", release.Reason);
                return await ReleaseIpsAsync(api, release.EniId, release.Ips, cancellationToken).ConfigureAwait(false);
            case WarmPoolDecision.DetachEni detach:
                LogAction("detach ENI", detach.Reason);
                return await DetachEniAsync(api, detach.EniId, cancellationToken).ConfigureAwait(false);
            default:
                return false;
        }
    }

    private async Task<bool> AddIpsAsync(IEc2Api api, string eniId, int count, CancellationToken cancellationToken)
    {
        if (!await _commands.SubmitAsync(new RecordPoolIpsRequested(time.GetUtcNow(), Cause.Of(CauseKind.WarmPool), eniId, count), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        try
        {
            Ec2Result<IReadOnlyList<IPAddress>> assigned = await api.AssignIpsAsync(eniId, count, cancellationToken).ConfigureAwait(false);
            await _commands.SubmitAsync(new RecordPoolIpsAdded(time.GetUtcNow(), CauseOf(assigned.Receipt), eniId, ToIps(assigned.Value)), cancellationToken).ConfigureAwait(false);
            subnetExhaustion.Clear();
            return true;
        }
        catch (CloudException ex)
        {
            NoteGrowthFailure(ex);
            await _commands.SubmitAsync(new RecordPoolIpsRequestFailed(time.GetUtcNow(), CauseOf(ex), eniId, ex.ErrorCode ?? ex.GetType().Name, ex.Message), CancellationToken.None).ConfigureAwait(false);
            return false;
        }
    }

    private async Task<bool> AttachEniAsync(IEc2Api api, NodeIdentity identity, int secondaryIpCount, int prefixCount, CancellationToken cancellationToken)
    {
        string clientToken = Guid.NewGuid().ToString("N");
        string subnetId = identity.Instance.SubnetId;
        if (!await _commands.SubmitAsync(new RecordEniCreateRequested(time.GetUtcNow(), new Cause(CauseKind.WarmPool, ClientToken: clientToken), clientToken, subnetId), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        EniDescription eni;
        try
        {
            Ec2Result<EniDescription> created = await api.CreateEniAsync(new CreateEniRequest(clientToken, subnetId, identity.Instance.SecurityGroupIds, secondaryIpCount) { Ipv4PrefixCount = prefixCount }, cancellationToken).ConfigureAwait(false);
            eni = created.Value;
            await _commands.SubmitAsync(new RecordEniCreated(time.GetUtcNow(), CauseOf(created.Receipt), eni.EniId, clientToken, subnetId), CancellationToken.None).ConfigureAwait(false);
            subnetExhaustion.Clear();
        }
        catch (CloudException ex) when (!ex.OutcomeUnknown)
        {
            NoteGrowthFailure(ex);
            await _commands.SubmitAsync(new RecordEniCreateFailed(time.GetUtcNow(), CauseOf(ex), clientToken, ex.ErrorCode ?? ex.GetType().Name, ex.Message), CancellationToken.None).ConfigureAwait(false);
            return false;
        }

        int deviceIndex = NextFreeDeviceIndex();
        try
        {
            Ec2Result<EniAttachment> attached = await api.AttachEniAsync(eni.EniId, deviceIndex, cancellationToken).ConfigureAwait(false);
            await _commands.SubmitAsync(new RecordEniAttached(time.GetUtcNow(), CauseOf(attached.Receipt), eni.EniId, attached.Value.DeviceIndex, eni.MacAddress,
                eni.SubnetId, identity.Instance.SubnetCidr.ToString(), Ipv4Address.FromIPAddress(eni.PrimaryIp)), CancellationToken.None).ConfigureAwait(false);
            if (eni.SecondaryIps.Count > 0)
            {
                await _commands.SubmitAsync(new RecordPoolIpsAdded(time.GetUtcNow(), CauseOf(attached.Receipt), eni.EniId, ToIps(eni.SecondaryIps)), CancellationToken.None).ConfigureAwait(false);
            }

            if (eni.Ipv4Prefixes.Count > 0)
            {
                await _commands.SubmitAsync(new RecordPoolPrefixesAdded(time.GetUtcNow(), CauseOf(attached.Receipt), eni.EniId,
                    new ValueList<Ipv4Prefix>(Ec2Reconciler.ToPrefixes(eni.Ipv4Prefixes))), CancellationToken.None).ConfigureAwait(false);
            }

            return true;
        }
        catch (CloudException ex) when (!ex.OutcomeUnknown)
        {
            // A created but unattached ENI would leak (and hold subnet addresses): give it back now.
            LogAttachFailed(eni.EniId, deviceIndex, ex.Message);
            await api.DeleteEniAsync(eni.EniId, CancellationToken.None).ConfigureAwait(false);
            await _commands.SubmitAsync(new RecordEniDeleted(time.GetUtcNow(), CauseOf(ex), eni.EniId), CancellationToken.None).ConfigureAwait(false);
            return false;
        }
    }

    private async Task<bool> ReleaseIpsAsync(IEc2Api api, string eniId, ValueList<Ipv4Address> ips, CancellationToken cancellationToken)
    {
        if (!await _commands.SubmitAsync(new RequestPoolIpsRelease(time.GetUtcNow(), Cause.Of(CauseKind.WarmPool), eniId, ips), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        try
        {
            Ec2Receipt receipt = await api.UnassignIpsAsync(eniId, ips.Select(ip => ip.ToIPAddress()).ToList(), cancellationToken).ConfigureAwait(false);
            await _commands.SubmitAsync(new RecordPoolIpsRemoved(time.GetUtcNow(), CauseOf(receipt), eniId, ips), CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (CloudException ex) when (!ex.OutcomeUnknown)
        {
            await _commands.SubmitAsync(new RecordPoolIpsReleaseFailed(time.GetUtcNow(), CauseOf(ex), eniId, ips, ex.ErrorCode ?? ex.GetType().Name, ex.Message), CancellationToken.None).ConfigureAwait(false);
            return false;
        }
    }

    private async Task<bool> DetachEniAsync(IEc2Api api, string eniId, CancellationToken cancellationToken)
    {
        // The pool does not keep attachment ids (they are EC2's bookkeeping); read the current one.
        Ec2Result<IReadOnlyList<EniDescription>> enis = await api.DescribeInstanceEnisAsync(cancellationToken).ConfigureAwait(false);
        EniDescription? described = enis.Value.FirstOrDefault(e => e.EniId == eniId);
        if (!await _commands.SubmitAsync(new RequestEniDetach(time.GetUtcNow(), Cause.Of(CauseKind.WarmPool), eniId), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        try
        {
            if (described?.Attachment is { } attachment)
            {
                Ec2Receipt detached = await api.DetachEniAsync(attachment.AttachmentId, cancellationToken).ConfigureAwait(false);
                await _commands.SubmitAsync(new RecordEniDetached(time.GetUtcNow(), CauseOf(detached), eniId), CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                await _commands.SubmitAsync(new RecordEniDetached(time.GetUtcNow(), Cause.Of(CauseKind.WarmPool), eniId), CancellationToken.None).ConfigureAwait(false);
            }

            Ec2Receipt deleted = await api.DeleteEniAsync(eniId, cancellationToken).ConfigureAwait(false);
            await _commands.SubmitAsync(new RecordEniDeleted(time.GetUtcNow(), CauseOf(deleted), eniId), CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (CloudException ex) when (!ex.OutcomeUnknown)
        {
            await _commands.SubmitAsync(new RecordEniDetachFailed(time.GetUtcNow(), CauseOf(ex), eniId, ex.ErrorCode ?? ex.GetType().Name, ex.Message), CancellationToken.None).ConfigureAwait(false);
            return false;
        }
    }

    private int NextFreeDeviceIndex()
    {
        HashSet<int> used = _commands.Pool.Read(p => p.GetEnis().Select(e => e.DeviceIndex).ToHashSet());
        int index = 1;
        while (used.Contains(index))
        {
            index++;
        }

        return index;
    }

    private void NoteGrowthFailure(CloudException ex)
    {
        // No free /28 is not no free address: the journaled failure switches the pool to secondary IPs (PrefixDelegationMode) instead of stopping growth.
        if (ex is SubnetExhaustedException and not InsufficientCidrBlocksException)
        {
            DateTimeOffset now = time.GetUtcNow();
            DateTimeOffset retryAt = now + s_subnetExhaustedBackoff;
            subnetExhaustion.Record(string.Create(CultureInfo.InvariantCulture,
                $"EC2 {ex.Api} answered {ex.ErrorCode ?? ex.GetType().Name} at {now:O}; the warm pool asks again after {retryAt:O}"), retryAt);
            LogSubnetExhausted(ex.Message, s_subnetExhaustedBackoff.TotalSeconds);
        }
    }

    private static Cause CauseOf(Ec2Receipt receipt) => new(CauseKind.WarmPool, AwsRequestId: receipt.RequestId, ClientToken: receipt.ClientToken);

    private static Cause CauseOf(CloudException ex) => new(CauseKind.WarmPool, AwsRequestId: ex.RequestId);

    private static ValueList<Ipv4Address> ToIps(IEnumerable<IPAddress> ips) => new(ips.Select(Ipv4Address.FromIPAddress));

    [LoggerMessage(EventId = LogEventIds.WarmPoolAction, Level = LogLevel.Information, Message = "warm pool: {Action} ({Reason})")]
    private partial void LogAction(string action, string reason);

    [LoggerMessage(EventId = LogEventIds.SubnetExhausted, Level = LogLevel.Warning, Message = "subnet has no free addresses ({Reason}); no growth for {Seconds} s")]
    private partial void LogSubnetExhausted(string reason, double seconds);

    [LoggerMessage(EventId = LogEventIds.WarmPoolFailed, Level = LogLevel.Warning, Message = "attaching {EniId} at device {DeviceIndex} failed ({Reason}); deleting it so it does not leak")]
    private partial void LogAttachFailed(string eniId, int deviceIndex, string reason);
}
