using EsCni.Domain.WarmPool;

namespace EsCni.Ipamd.Ec2Loop;

/// <summary>Prefix delegation in the warm-pool loop: which mode is in force, and the prefix assign/unassign steps (intent → EC2 → outcome).</summary>
/// <remarks>
/// An InsufficientCidrBlocks answer is journaled as <see cref="PoolPrefixesRequestFailed"/>; the pool remembers when, and
/// <see cref="PrefixDelegationMode"/> then grows with secondary IPs for the back-off, so pods keep getting addresses.
/// </remarks>
internal sealed partial class PoolMaintenanceLoop
{
    private string? _lastFallback;
    private bool _loggedPrefixMode;

    private WarmPoolTargets TargetsFor(NodeIdentity identity, DateTimeOffset? prefixShortageAt, DateTimeOffset now)
    {
        WarmPoolOptions options = settings.WarmPool;
        PrefixDelegationMode mode = PrefixDelegationMode.Choose(options.PrefixDelegation, identity.Instance.InstanceType, identity.Limits.IsNitro, prefixShortageAt, now);
        if (mode.FallbackReason != _lastFallback)
        {
            _lastFallback = mode.FallbackReason;
            if (mode.FallbackReason is { } why)
            {
                LogPrefixFallback(why);
            }
        }

        if (mode.UsePrefixes && !_loggedPrefixMode)
        {
            _loggedPrefixMode = true;
            LogPrefixMode(options.WarmPrefixTarget, options.MaxPods);
        }

        return new WarmPoolTargets(options.WarmEniTarget, options.WarmIpTarget, options.MinimumIpTarget, options.MaxEni)
        {
            PrefixDelegation = mode.UsePrefixes,
            WarmPrefixTarget = options.WarmPrefixTarget,
            MaxPods = options.PrefixDelegation ? options.MaxPods : null,
        };
    }

    private async Task<bool> AddPrefixesAsync(IEc2Api api, string eniId, int count, CancellationToken cancellationToken)
    {
        if (!await _commands.SubmitAsync(new RecordPoolPrefixesRequested(time.GetUtcNow(), Cause.Of(CauseKind.WarmPool), eniId, count), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        try
        {
            Ec2Result<IReadOnlyList<System.Net.IPNetwork>> assigned = await api.AssignPrefixesAsync(eniId, count, cancellationToken).ConfigureAwait(false);
            await _commands.SubmitAsync(new RecordPoolPrefixesAdded(time.GetUtcNow(), CauseOf(assigned.Receipt), eniId,
                new ValueList<Ipv4Prefix>(Ec2Reconciler.ToPrefixes(assigned.Value))), cancellationToken).ConfigureAwait(false);
            subnetExhaustion.Clear();
            return true;
        }
        catch (CloudException ex) when (!ex.OutcomeUnknown)
        {
            NoteGrowthFailure(ex);
            await _commands.SubmitAsync(new RecordPoolPrefixesRequestFailed(time.GetUtcNow(), CauseOf(ex), eniId, ex.ErrorCode ?? ex.GetType().Name, ex.Message), CancellationToken.None).ConfigureAwait(false);
            // After InsufficientCidrBlocks the next step grows with secondary IPs at once.
            return ex is InsufficientCidrBlocksException;
        }
    }

    private async Task<bool> ReleasePrefixesAsync(IEc2Api api, string eniId, ValueList<Ipv4Prefix> prefixes, CancellationToken cancellationToken)
    {
        if (!await _commands.SubmitAsync(new RequestPoolPrefixesRelease(time.GetUtcNow(), Cause.Of(CauseKind.WarmPool), eniId, prefixes), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        try
        {
            Ec2Receipt receipt = await api.UnassignPrefixesAsync(eniId, prefixes.Select(Ec2Reconciler.ToNetwork).ToList(), cancellationToken).ConfigureAwait(false);
            await _commands.SubmitAsync(new RecordPoolPrefixesRemoved(time.GetUtcNow(), CauseOf(receipt), eniId, prefixes), CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (CloudException ex) when (!ex.OutcomeUnknown)
        {
            await _commands.SubmitAsync(new RecordPoolPrefixesReleaseFailed(time.GetUtcNow(), CauseOf(ex), eniId, prefixes, ex.ErrorCode ?? ex.GetType().Name, ex.Message), CancellationToken.None).ConfigureAwait(false);
            return false;
        }
    }

    [LoggerMessage(EventId = LogEventIds.PrefixDelegationFallback, Level = LogLevel.Warning, Message = "prefix delegation: {Reason}")]
    private partial void LogPrefixFallback(string reason);

    [LoggerMessage(EventId = LogEventIds.PrefixDelegationOn, Level = LogLevel.Information, Message = "prefix delegation on: the pool grows with /28 prefixes (WARM_PREFIX_TARGET {WarmPrefixTarget}, stops at {MaxPods} addresses)")]
    private partial void LogPrefixMode(int warmPrefixTarget, int maxPods);
}
