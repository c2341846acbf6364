using System.Net;

namespace EsCni.Ipamd.Takeover;

/// <summary>
/// The IPv6 half of the checkpoint adoption: an IPv6 node's entries ("ipv6", no "ipv4") become allocations of the node's
/// /80 (<see cref="AdoptIpv6"/>), checked against the host's /128 routes as the IPv4 ones are against the /32s.
/// </summary>
/// <remarks>
/// Entries go in increasing address order: the pool accepts an adopted address only past the highest one this journal
/// ever handed out (NodePool.Adoption.Ipv6.cs), and the VPC CNI's checkpoint is in no particular order. IPv6 has no
/// quarantine (nothing can hand an address below the cursor out again, and host evidence has already moved the cursor
/// past every running pod), so an entry the host disagrees with is adopted and the disagreement journaled as a drift
/// on the address, for the operator; its DEL or GC still releases it. A refused entry is journaled as a drift too.
/// </remarks>
internal sealed partial class CheckpointAdoption
{
    /// <summary>Adopts the IPv6 entries (idempotent per key and address) and returns the counts; "quarantined" counts host disagreements.</summary>
    public async Task<Outcome> AdoptIpv6Async(DurableNodePool pool, IReadOnlyList<VpcCniCheckpointEntry> entries, PodHostState host, PodHostIpv6State ipv6,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(ipv6);
        Cause cause = Cause.Of(CauseKind.Reconciler);
        int adopted = 0, disagreeing = 0, refused = 0;
        foreach (VpcCniCheckpointEntry entry in entries.Where(e => e.IsIpv6).OrderBy(e => e.Address))
        {
            Decision decision = await pool.SubmitAsync(new AdoptIpv6(now, cause, entry.Address, entry.Key, entry.Pod, source), cancellationToken).ConfigureAwait(false);
            if (!decision.Accepted)
            {
                refused++;
                await pool.SubmitAsync(new RecordDrift(now, cause, entry.Address.ToString(), $"not adopted from {source}: {entry.Key} ({entry.Pod})",
                    decision.Rejection!.Message), cancellationToken).ConfigureAwait(false);
                continue;
            }

            adopted++;
            if (HostDisagreement(entry, IPAddress.Parse(entry.Ipv6!), ipv6.HostRoutes, host.Veths, "/128") is { } evidence)
            {
                disagreeing++;
                await pool.SubmitAsync(new RecordDrift(now, cause, entry.Address.ToString(), $"adopted from {source}, but the host disagrees", evidence),
                    cancellationToken).ConfigureAwait(false);
            }
        }

        return new Outcome(adopted, disagreeing, refused);
    }
}
