using System.Net;

namespace EsCni.Ipamd.Ec2Loop;

/// <summary>
/// IPv6: the node's /80 compared with EC2. A /80 the journal holds but DescribeNetworkInterfaces no longer shows on
/// its ENI (unassigned behind the daemon's back) is journaled as drift on <c>ipv6prefix:&lt;/80&gt;</c> and logged as an
/// error naming the /80 and the fix; when EC2 shows it again the drift is resolved.
/// </summary>
/// <remarks>
/// Nothing is "corrected": the daemon never asks for a second /80 on its own (an IPv6 node holds one for its life and
/// its running pods' addresses are in this one), and forgetting the /80 would not bring the pods' routes back. The
/// operator re-assigns it or replaces the node; until then new IPv6 pods get addresses EC2 does not route.
/// </remarks>
internal sealed partial class Ec2Reconciler
{
    private async Task ReconcileIpv6PrefixesAsync(IReadOnlyList<EniDescription> inEc2, Cause cause, CancellationToken cancellationToken)
    {
        (IReadOnlyList<Ipv6PrefixInfo> prefixes, IReadOnlyList<DriftDetected> open) = _commands.Pool.Read(p => (p.Ipv6Prefixes, p.GetOpenDrifts()));
        foreach (Ipv6PrefixInfo known in prefixes)
        {
            string subject = DriftSubject.Ipv6Prefix(known.Prefix.ToString());
            bool recorded = open.Any(d => d.Subject == subject);
            EniDescription? eni = inEc2.FirstOrDefault(e => e.EniId == known.EniId);
            bool shown = eni is not null && eni.Ipv6Prefixes.Any(p => Ipv6Prefix.TryParse(p.ToString(), out Ipv6Prefix seen) && seen == known.Prefix);
            if (!shown && !recorded)
            {
                string ec2Shows = eni is null ? $"ENI {known.EniId} is not attached to this instance" : $"ENI {known.EniId} carries {Describe(eni.Ipv6Prefixes)}";
                LogIpv6PrefixMissing(known.Prefix.ToString(), known.EniId, ec2Shows);
                await SubmitCorrectionAsync("ipv6Prefix", new RecordDrift(_time.GetUtcNow(), cause, subject, $"the node's /80 {known.Prefix} is on ENI {known.EniId}", $"EC2 (DescribeNetworkInterfaces): {ec2Shows}"), cancellationToken).ConfigureAwait(false);
            }
            else if (shown && recorded)
            {
                await SubmitCorrectionAsync("ipv6Prefix", new ResolveDrift(_time.GetUtcNow(), cause, subject, $"EC2 shows {known.Prefix} on ENI {known.EniId} again"), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string Describe(IReadOnlyList<IPNetwork> prefixes) => prefixes.Count == 0 ? "no IPv6 prefix" : string.Join(", ", prefixes);

    [LoggerMessage(EventId = LogEventIds.DriftDetected, Level = LogLevel.Error,
        Message = "IPv6: the node's /80 {Prefix} is no longer on ENI {EniId} in EC2 ({Ec2Shows}); IPv6 pods' addresses in it are not routed by the VPC. The daemon does not ask for another /80 (running pods use this one): assign it again (aws ec2 assign-ipv6-addresses --network-interface-id {EniId} --ipv6-prefixes {Prefix}) or replace the node")]
    private partial void LogIpv6PrefixMissing(string prefix, string eniId, string ec2Shows);
}
