using System.Net;

namespace EsCni.Ipamd.Ec2Loop;

/// <summary>The reconciler for delegated /28 prefixes: the same rules as for secondary IPs, a whole prefix at a time.</summary>
/// <remarks>
/// A prefix EC2 shows and the journal lacks is adopted (this also settles a prefix assign left open by a crash); a
/// prefix the journal has and EC2 no longer shows leaves the pool, unless a pod holds one of its addresses — then that
/// allocation is quarantined and the prefix stays until the pod is gone, exactly like a vanished secondary IP.
/// </remarks>
internal sealed partial class Ec2Reconciler
{
    private async Task ReconcilePrefixesAsync(EniInfo known, EniDescription eni, Cause cause, CancellationToken cancellationToken)
    {
        HashSet<Ipv4Prefix> inEc2 = ToPrefixes(eni.Ipv4Prefixes).ToHashSet();
        HashSet<Ipv4Prefix> inJournal = known.Prefixes.ToHashSet();
        List<Ipv4Prefix> missing = inEc2.Where(p => !inJournal.Contains(p)).Order().ToList();
        if (missing.Count > 0)
        {
            await SubmitCorrectionAsync("prefixes", new RecordPoolPrefixesAdded(_time.GetUtcNow(), cause, eni.EniId, new ValueList<Ipv4Prefix>(missing)), cancellationToken).ConfigureAwait(false);
        }
        else if (known.PendingPrefixRequest is not null)
        {
            await SubmitCorrectionAsync("prefixes", new RecordPoolPrefixesRequestFailed(_time.GetUtcNow(), cause, eni.EniId, "NotAssigned",
                "EC2 shows no new prefixes on this ENI: the assign never happened (settled by the reconciler)"), cancellationToken).ConfigureAwait(false);
        }

        var stuck = new ValueList<Ipv4Prefix>(_commands.Pool.Read(p => p.GetReleasingPrefixes(eni.EniId)).Where(inEc2.Contains).ToList());
        if (stuck.Count > 0)
        {
            // As for IPs: the prefix was wholly free and cooled when chosen; finish the release rather than hand it out again.
            try
            {
                Ec2Receipt receipt = await _api.UnassignPrefixesAsync(eni.EniId, stuck.Select(ToNetwork).ToList(), cancellationToken).ConfigureAwait(false);
                await SubmitCorrectionAsync("release", new RecordPoolPrefixesRemoved(_time.GetUtcNow(), new Cause(CauseKind.Reconciler, AwsRequestId: receipt.RequestId), eni.EniId, stuck), cancellationToken).ConfigureAwait(false);
            }
            catch (CloudException ex) when (!ex.OutcomeUnknown)
            {
                await SubmitCorrectionAsync("release", new RecordPoolPrefixesReleaseFailed(_time.GetUtcNow(), new Cause(CauseKind.Reconciler, AwsRequestId: ex.RequestId), eni.EniId, stuck,
                    ex.ErrorCode ?? ex.GetType().Name, ex.Message), cancellationToken).ConfigureAwait(false);
            }
        }

        List<Ipv4Prefix> free = [];
        foreach (Ipv4Prefix prefix in inJournal.Where(p => !inEc2.Contains(p)).Order())
        {
            List<Allocation> owners = _commands.Pool.Read(p => prefix.Addresses().Select(a => p.TryGetAllocation(a, out Allocation? o) ? o : null).OfType<Allocation>().ToList());
            if (owners.Count == 0)
            {
                free.Add(prefix);
                continue;
            }

            foreach (Allocation owner in owners.Where(o => !o.IsQuarantined))
            {
                await SubmitCorrectionAsync("quarantine", new QuarantineAllocation(_time.GetUtcNow(), cause, owner.Ip,
                    $"EC2 (request {cause.AwsRequestId}) no longer lists prefix {prefix} on {eni.EniId}, but the journal says {owner.Key} of pod {owner.Pod} holds {owner.Ip} from it"), cancellationToken).ConfigureAwait(false);
            }
        }

        if (free.Count > 0)
        {
            await SubmitCorrectionAsync("prefixes", new RecordPoolPrefixesRemoved(_time.GetUtcNow(), cause, eni.EniId, new ValueList<Ipv4Prefix>(free)), cancellationToken).ConfigureAwait(false);
        }
    }

    internal static IEnumerable<Ipv4Prefix> ToPrefixes(IEnumerable<IPNetwork> networks) =>
        networks.Where(n => n.PrefixLength == Ipv4Prefix.Length && n.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            .Select(n => new Ipv4Prefix(Ipv4Address.FromIPAddress(n.BaseAddress)));

    internal static IPNetwork ToNetwork(Ipv4Prefix prefix) => new(prefix.Base.ToIPAddress(), Ipv4Prefix.Length);
}
