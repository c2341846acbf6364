using EsCni.Domain.Net;
using EsCni.Domain.Pool;
using EsCni.Journal;
using EsCni.Projections.Stats;

namespace EsCni.Projections.History;

/// <summary>What changed in the pool between two points: ENIs, pool IPs, allocations, quarantines, totals, and the events in between.</summary>
/// <param name="From">LSN and time of the earlier point.</param>
/// <param name="To">LSN and time of the later point.</param>
/// <param name="EnisAttached">ENIs attached at the later point and not at the earlier one.</param>
/// <param name="EnisDetached">ENIs attached at the earlier point and gone at the later one.</param>
/// <param name="IpsAdded">Pool IPs present only at the later point.</param>
/// <param name="IpsRemoved">Pool IPs present only at the earlier point.</param>
/// <param name="AllocationsStarted">Allocations live at the later point that were not at the earlier one.</param>
/// <param name="AllocationsEnded">Allocations live at the earlier point that were not at the later one.</param>
/// <param name="Quarantined">Allocations live at both points that became quarantined in between.</param>
/// <param name="CountsFrom">Totals at the earlier point.</param>
/// <param name="CountsTo">Totals at the later point.</param>
/// <param name="EventsBetween">Events after the earlier point up to the later one, by type name (catches allocations that came and went).</param>
public sealed record PoolDiff(
    (long Lsn, DateTimeOffset At) From,
    (long Lsn, DateTimeOffset At) To,
    IReadOnlyList<EniInfo> EnisAttached,
    IReadOnlyList<EniInfo> EnisDetached,
    IReadOnlyList<Ipv4Address> IpsAdded,
    IReadOnlyList<Ipv4Address> IpsRemoved,
    IReadOnlyList<Allocation> AllocationsStarted,
    IReadOnlyList<Allocation> AllocationsEnded,
    IReadOnlyList<Allocation> Quarantined,
    PoolCounts CountsFrom,
    PoolCounts CountsTo,
    IReadOnlyDictionary<string, long> EventsBetween)
{
    /// <summary>The diff between the pool at <paramref name="from"/> and at <paramref name="to"/>, in one pass from the newest snapshot before <paramref name="from"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    public static PoolDiff Between(JournalReader reader, DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
        {
            throw new ArgumentException($"--to {to:O} is before --from {from:O}; give the earlier time first", nameof(to));
        }

        PoolState earlier = PoolHistory.StateAt(reader, at: from);
        Captured before = Captured.Of(earlier.Pool, from);
        JournalStatsProjection between = new();
        PoolState later = PoolHistory.Advance(reader, earlier, to, between);
        Captured after = Captured.Of(later.Pool, to);

        Dictionary<string, EniInfo> enisBefore = before.Enis.ToDictionary(e => e.EniId, StringComparer.Ordinal);
        Dictionary<string, EniInfo> enisAfter = after.Enis.ToDictionary(e => e.EniId, StringComparer.Ordinal);
        HashSet<Ipv4Address> ipsBefore = [.. before.Enis.SelectMany(e => e.Ips)];
        HashSet<Ipv4Address> ipsAfter = [.. after.Enis.SelectMany(e => e.Ips)];
        Dictionary<(Ipv4Address, long), Allocation> allocBefore = before.Allocations.ToDictionary(a => (a.Ip, a.AllocatedLsn));
        Dictionary<(Ipv4Address, long), Allocation> allocAfter = after.Allocations.ToDictionary(a => (a.Ip, a.AllocatedLsn));

        return new PoolDiff(
            (earlier.Lsn, from),
            (later.Lsn, to),
            after.Enis.Where(e => !enisBefore.ContainsKey(e.EniId)).ToList(),
            before.Enis.Where(e => !enisAfter.ContainsKey(e.EniId)).ToList(),
            ipsAfter.Except(ipsBefore).Order().ToList(),
            ipsBefore.Except(ipsAfter).Order().ToList(),
            after.Allocations.Where(a => !allocBefore.ContainsKey((a.Ip, a.AllocatedLsn))).ToList(),
            before.Allocations.Where(a => !allocAfter.ContainsKey((a.Ip, a.AllocatedLsn))).ToList(),
            after.Allocations.Where(a => a.IsQuarantined && allocBefore.TryGetValue((a.Ip, a.AllocatedLsn), out Allocation? was) && !was.IsQuarantined).ToList(),
            before.Counts,
            after.Counts,
            between.Stats.EventsByType);
    }

    /// <summary>Immutable copies of what the diff compares, taken before the pool moves on.</summary>
    private sealed record Captured(IReadOnlyList<EniInfo> Enis, IReadOnlyList<Allocation> Allocations, PoolCounts Counts)
    {
        public static Captured Of(NodePool pool, DateTimeOffset at) => new(pool.GetEnis(), pool.GetAllocations(), pool.GetCounts(at));
    }
}
