using System.Net;
using EsCni.Ipamd.HostRepair;

namespace EsCni.Ipamd.Ec2Loop;

/// <summary>
/// ENABLE_IPv6: instead of a warm pool, the node holds exactly one /80 on its primary ENI, as the VPC CNI's
/// <c>assignIPv6Prefix</c> does (no extra ENIs, warm targets ignored). Each step, in order: the journal has a /80 → done;
/// an intent left open (a crash, or an answer lost on the way back) → settled by describing the ENI; IMDS or EC2
/// already shows a /80 on the ENI → adopted; otherwise intent → AssignIpv6Addresses → outcome.
/// </summary>
/// <remarks>
/// "Never two /80s": the assign call is by count, so repeating it after a lost answer would add a second /80. Hence a
/// pending intent is never followed by another call before EC2's description settles it, and a /80 the ENI already
/// carries (a journal lost or restored from an older copy, a takeover from the VPC CNI) is adopted, not asked for again.
/// IMDS is asked first (free, no EC2 budget); EC2 is asked before any assign call too, because IMDS lags EC2.
/// </remarks>
internal sealed partial class PoolMaintenanceLoop
{
    private static readonly TimeSpan s_ipv6FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_ipv6MaxBackoff = TimeSpan.FromMinutes(2);

    private TimeSpan _ipv6Backoff = s_ipv6FirstBackoff;
    private bool _loggedNotNitro;
    private DateTimeOffset _ipv6NextAttempt = DateTimeOffset.MinValue;

    /// <summary>One step towards the node's /80; true when it changed something (the caller may step again at once).</summary>
    private async Task<bool> Ipv6StepAsync(IEc2Api api, NodeIdentity identity, CancellationToken cancellationToken)
    {
        (int held, string? pending) = _commands.Pool.Read(p => (p.Ipv6Prefixes.Count, p.PendingIpv6PrefixEni));
        if (held > 0)
        {
            return false;
        }

        if (pending is not null)
        {
            return await SettleIpv6RequestAsync(api, pending, cancellationToken).ConfigureAwait(false);
        }

        if (time.GetUtcNow() < _ipv6NextAttempt)
        {
            return false;
        }

        if (!identity.Limits.IsNitro && !_loggedNotNitro)
        {
            // The VPC CNI refuses to start here; we only learn the type after serving from the journal, so we say it loudly and still ask.
            _loggedNotNitro = true;
            LogIpv6NotNitro(identity.Instance.InstanceType);
        }

        EniDescription primary = identity.Instance.PrimaryEni;
        ImdsInterface? fromImds = await imds.GetInterfaceAsync(primary.MacAddress, cancellationToken).ConfigureAwait(false);
        if (NodePrefixIn(fromImds?.Ipv6Prefixes) is { } seen)
        {
            LogIpv6Prefix("adopting the /80 IMDS shows on the primary ENI", seen.ToString(), primary.EniId);
            return await AdoptIpv6PrefixAsync(new RecordIpv6PrefixAdded(time.GetUtcNow(), Cause.Of(CauseKind.Reconciler), primary.EniId, seen, Ipv6PrefixAdded.FromImds), cancellationToken).ConfigureAwait(false);
        }

        if (await DescribeNodePrefixAsync(api, primary.EniId, cancellationToken).ConfigureAwait(false) is { } described)
        {
            LogIpv6Prefix("adopting the /80 EC2 shows on the primary ENI (IMDS does not yet)", described.Prefix.ToString(), primary.EniId);
            return await AdoptIpv6PrefixAsync(new RecordIpv6PrefixAdded(time.GetUtcNow(), described.Cause, primary.EniId, described.Prefix, Ipv6PrefixAdded.FromEc2), cancellationToken).ConfigureAwait(false);
        }

        return await AssignIpv6PrefixAsync(api, primary.EniId, cancellationToken).ConfigureAwait(false);
    }

    // A /80 already on the ENI means the journal may be new next to running IPv6 pods (lost, or a takeover): their
    // addresses are in this /80, so the host's /128 routes go into the adoption and the cursor moves past them in the
    // same decision — no ADD can fall in between. A failed host read is logged; the host loop scans on its next pass.
    private async Task<bool> AdoptIpv6PrefixAsync(RecordIpv6PrefixAdded adopt, CancellationToken cancellationToken)
    {
        try
        {
            var routes = new PodHostRoutes(HostCommandRunner.Host);
            PodHostState host = await routes.ReadAsync(cancellationToken).ConfigureAwait(false);
            PodHostIpv6State ipv6 = await routes.ReadIpv6Async(cancellationToken).ConfigureAwait(false);
            if (HostEvidenceGuard.HighestInUse(adopt.Prefix, pool.Read(p => p.NextIpv6Offset), host, ipv6) is { } inUse)
            {
                LogIpv6Prefix(string.Create(CultureInfo.InvariantCulture, $"host evidence moves the IPv6 cursor past {inUse.Address} ({inUse.Evidence}) while adopting"), adopt.Prefix.ToString(), adopt.EniId);
                adopt = adopt with { HostInUse = inUse.Address, HostEvidence = inUse.Evidence };
            }
        }
        catch (HostCommandFailedException ex)
        {
            LogIpv6Prefix("host evidence scan failed (" + ex.Message + "); the host loop scans again on its next pass, adopting", adopt.Prefix.ToString(), adopt.EniId);
        }

        return await _commands.SubmitAsync(adopt, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> AssignIpv6PrefixAsync(IEc2Api api, string eniId, CancellationToken cancellationToken)
    {
        if (!await _commands.SubmitAsync(new RequestIpv6Prefix(time.GetUtcNow(), Cause.Of(CauseKind.WarmPool), eniId), cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        try
        {
            Ec2Result<IPNetwork> assigned = await api.AssignIpv6PrefixAsync(eniId, cancellationToken).ConfigureAwait(false);
            Ipv6Prefix prefix = Ipv6Prefix.Parse(assigned.Value.ToString());
            LogIpv6Prefix("assigned", prefix.ToString(), eniId);
            _ipv6Backoff = s_ipv6FirstBackoff;
            return await _commands.SubmitAsync(new RecordIpv6PrefixAdded(time.GetUtcNow(), CauseOf(assigned.Receipt), eniId, prefix, Ipv6PrefixAdded.FromEc2), CancellationToken.None).ConfigureAwait(false);
        }
        catch (CloudException ex) when (!ex.OutcomeUnknown)
        {
            await FailIpv6RequestAsync(CauseOf(ex), eniId, $"{ex.ErrorCode ?? ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            return false;
        }
        catch (CloudException ex)
        {
            // A lost answer or a 5xx: EC2 may have assigned. The intent stays open; the next step describes the ENI first.
            LogIpv6OutcomeUnknown(eniId, ex.Message);
            return true;
        }
    }

    // The intent has no outcome: EC2 either did assign (the answer was lost, or we crashed after the call) or did not.
    private async Task<bool> SettleIpv6RequestAsync(IEc2Api api, string eniId, CancellationToken cancellationToken)
    {
        if (await DescribeNodePrefixAsync(api, eniId, cancellationToken).ConfigureAwait(false) is { } described)
        {
            LogIpv6Prefix("settled an open request: EC2 shows", described.Prefix.ToString(), eniId);
            return await _commands.SubmitAsync(new RecordIpv6PrefixAdded(time.GetUtcNow(), described.Cause, eniId, described.Prefix, Ipv6PrefixAdded.FromEc2), cancellationToken).ConfigureAwait(false);
        }

        await FailIpv6RequestAsync(Cause.Of(CauseKind.Reconciler), eniId,
            "NotAssigned: the request's outcome was lost and EC2 shows no /80 on the ENI; asking again").ConfigureAwait(false);
        return false;
    }

    private async Task FailIpv6RequestAsync(Cause cause, string eniId, string error)
    {
        _ipv6NextAttempt = time.GetUtcNow() + _ipv6Backoff;
        LogIpv6RequestFailed(eniId, error, _ipv6Backoff.TotalSeconds);
        _ipv6Backoff = TimeSpan.FromTicks(Math.Min(_ipv6Backoff.Ticks * 2, s_ipv6MaxBackoff.Ticks));
        await _commands.SubmitAsync(new RecordIpv6PrefixRequestFailed(time.GetUtcNow(), cause, eniId, error), CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task<(Ipv6Prefix Prefix, Cause Cause)?> DescribeNodePrefixAsync(IEc2Api api, string eniId, CancellationToken cancellationToken)
    {
        Ec2Result<IReadOnlyList<EniDescription>> described = await api.DescribeInstanceEnisAsync(cancellationToken).ConfigureAwait(false);
        EniDescription? eni = described.Value.FirstOrDefault(e => e.EniId == eniId);
        return NodePrefixIn(eni?.Ipv6Prefixes) is { } prefix
            ? (prefix, new Cause(CauseKind.Reconciler, AwsRequestId: described.Receipt.RequestId))
            : null;
    }

    // The first /80 listed: the VPC CNI also takes the ENI's first IPv6 prefix as the node's.
    private static Ipv6Prefix? NodePrefixIn(IReadOnlyList<IPNetwork>? prefixes) =>
        prefixes?.Where(p => p.PrefixLength == Ipv6Prefix.NodeLength && p.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
            .Select(p => (Ipv6Prefix?)Ipv6Prefix.Parse(p.ToString()))
            .FirstOrDefault();

    [LoggerMessage(EventId = LogEventIds.Ipv6PrefixAction, Level = LogLevel.Information, Message = "IPv6: {What} {Prefix} on {EniId}")]
    private partial void LogIpv6Prefix(string what, string prefix, string eniId);

    [LoggerMessage(EventId = LogEventIds.Ipv6PrefixAction, Level = LogLevel.Warning, Message = "IPv6: the /80 request on {EniId} failed ({Error}); asking again in {Seconds:F0} s — ADDs are refused until the node has its /80")]
    private partial void LogIpv6RequestFailed(string eniId, string error, double seconds);

    [LoggerMessage(EventId = LogEventIds.Ipv6PrefixAction, Level = LogLevel.Error, Message = "ENABLE_IPv6=true but {InstanceType} is not a Nitro instance type, which EC2 delegates no prefixes to: the node will get no IPv6 /80 and no IPv6 pod. Use a Nitro type (m5, c5, r5, t3 and newer), or ENABLE_IPv6=false")]
    private partial void LogIpv6NotNitro(string instanceType);

    [LoggerMessage(EventId = LogEventIds.Ipv6PrefixAction, Level = LogLevel.Warning, Message = "IPv6: the outcome of the /80 request on {EniId} is unknown ({Reason}); describing the ENI before anything else")]
    private partial void LogIpv6OutcomeUnknown(string eniId, string reason);
}
