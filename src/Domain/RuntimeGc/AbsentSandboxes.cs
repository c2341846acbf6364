using EsCni.Domain.Pool;

namespace EsCni.Domain.RuntimeGc;

/// <summary>
/// Decides, from a sequence of the container runtime's sandbox lists, which allocations belong to sandboxes that are
/// gone for good: the safety net for DELs that never reached the daemon. Pure: allocations, answers and their times
/// come in; releases go out.
/// </summary>
/// <remarks>
/// The Amazon VPC CNI's worst incidents were stale-evidence mass releases (an empty or partial answer taken as "every
/// pod is gone"), so this class would rather keep a dead IP another pass than free a live one. The rules:
/// <list type="number">
/// <item>An allocation is alive when its key's container id is a listed sandbox id (kubelet passes the sandbox id as
/// CNI_CONTAINERID), whatever the sandbox's state: a NOTREADY sandbox still exists, kubelet will DEL it, and a
/// listed-but-dead one is removed and then absent soon enough.</item>
/// <item>Only an answer counts: a failed one, and an empty one while allocations exist (a runtime restarting, a
/// wrong socket), count nothing and restart every streak, so "consecutive" means with no such answer between.</item>
/// <item>An allocation made at or after the moment an answer was asked for is not judged by it: its sandbox may
/// still be being created (an ADD racing the list).</item>
/// <item>It is released only after its sandbox was absent from <see cref="RuntimeGcPolicy.Confirmations"/>
/// consecutive answers whose first and last are at least <see cref="RuntimeGcPolicy.Grace"/> apart.</item>
/// <item>An answer lacking more than <see cref="RuntimeGcPolicy.MaxAbsentFraction"/> of the judged allocations is
/// suspicious: every streak it extends needs <see cref="RuntimeGcPolicy.SuspiciousFactor"/> times the
/// confirmations. (A node whose pods really all went while their DELs were lost is still cleaned, later.)</item>
/// <item>At most <see cref="RuntimeGcPolicy.MaxReleasesPerPass"/> per pass, longest absent first; the others stay due.</item>
/// </list>
/// IPv6 allocations (issue #17) are judged by the same rules, side by side with the IPv4 ones: the same answers, the
/// same fractions, the same cap; their releases come out in <see cref="GcVerdict.Ipv6Releases"/>.
/// A streak belongs to one allocation (key, family and LSN): a new allocation of the key starts from nothing. After a release
/// is decided its streak is dropped, so if the caller did not apply it, proposing it again takes a whole new streak.
/// </remarks>
public sealed partial class AbsentSandboxes
{
    private readonly Dictionary<(IpamKey Key, bool Ipv6), Streak> _streaks = [];

    /// <summary>Starts with no evidence.</summary>
    public AbsentSandboxes(RuntimeGcPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Policy = policy;
    }

    /// <summary>The evidence rules.</summary>
    public RuntimeGcPolicy Policy { get; }

    /// <summary>Allocations whose sandbox is absent from every answer of their current streak.</summary>
    public int Tracked => _streaks.Count;

    /// <summary>Takes one answer (or failure) of the runtime against the journal's live allocations and says what to release.</summary>
    /// <param name="live">Every live allocation now, as the pool has it.</param>
    /// <param name="observation">The runtime's answer, with the time it was asked for.</param>
    public GcVerdict Observe(IReadOnlyCollection<Allocation> live, SandboxObservation observation) => Observe(live, [], observation);

    /// <summary>Takes one answer (or failure) of the runtime against the journal's live IPv4 and IPv6 allocations and says what to release.</summary>
    /// <param name="live">Every live IPv4 allocation now, as the pool has it.</param>
    /// <param name="liveIpv6">Every live IPv6 allocation now, as the pool has it.</param>
    /// <param name="observation">The runtime's answer, with the time it was asked for.</param>
    public GcVerdict Observe(IReadOnlyCollection<Allocation> live, IReadOnlyCollection<Ipv6Allocation> liveIpv6, SandboxObservation observation)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(liveIpv6);
        ArgumentNullException.ThrowIfNull(observation);
        List<Judged> all = [.. live.Select(Judged.Of), .. liveIpv6.Select(Judged.Of)];
        var liveIds = all.Select(a => (a.Id, a.AllocatedLsn)).ToHashSet();
        foreach ((IpamKey, bool) ended in _streaks.Where(s => !liveIds.Contains((s.Key, s.Value.AllocatedLsn))).Select(s => s.Key).ToList())
        {
            _streaks.Remove(ended);
        }

        if (!observation.Answered)
        {
            return Refuse(GcPassOutcome.RuntimeFailed, $"the container runtime did not answer ({observation.Failure})");
        }

        var judged = new List<Judged>(all.Count);
        foreach (Judged allocation in all)
        {
            if (allocation.AllocatedAt < observation.ObservedAt)
            {
                judged.Add(allocation);
            }
            else
            {
                _streaks.Remove(allocation.Id); // allocated while the list was asked for (or the clock stepped back): no evidence either way
            }
        }

        if (observation.Sandboxes.Count == 0 && judged.Count > 0)
        {
            return Refuse(GcPassOutcome.EmptyAnswer, $"the container runtime listed no sandbox while {judged.Count} allocation(s) exist; a restarting runtime answers like this");
        }

        var listed = observation.Sandboxes.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var absent = judged.Where(a => !listed.Contains(a.Key.ContainerId)).ToList();
        bool suspicious = absent.Count > Policy.MaxAbsentFraction * judged.Count;
        foreach (Judged present in judged.Where(a => listed.Contains(a.Key.ContainerId)))
        {
            _streaks.Remove(present.Id);
        }

        var due = new List<(Judged Allocation, Streak Streak)>();
        foreach (Judged allocation in absent)
        {
            Streak streak = _streaks.TryGetValue(allocation.Id, out Streak? running) && running.AllocatedLsn == allocation.AllocatedLsn
                ? running.Extend(observation.ObservedAt, suspicious)
                : Streak.Begin(allocation.AllocatedLsn, observation.ObservedAt, suspicious);
            _streaks[allocation.Id] = streak;
            if (streak.IsDue(Policy))
            {
                due.Add((allocation, streak));
            }
        }

        var chosen = due
            .OrderBy(d => d.Streak.FirstAt).ThenBy(d => d.Allocation.AllocatedLsn)
            .Take(Policy.MaxReleasesPerPass)
            .ToList();
        foreach ((Judged allocation, _) in chosen)
        {
            _streaks.Remove(allocation.Id);
        }

        List<GcRelease> releases = [.. chosen.Where(d => d.Allocation.Ipv4 is not null).Select(d => new GcRelease(d.Allocation.Ipv4!, Evidence(d.Allocation, d.Streak, observation)))];
        List<GcIpv6Release> ipv6Releases = [.. chosen.Where(d => d.Allocation.Ipv6 is not null).Select(d => new GcIpv6Release(d.Allocation.Ipv6!, Evidence(d.Allocation, d.Streak, observation)))];
        GcPassOutcome outcome = suspicious ? GcPassOutcome.Suspicious : GcPassOutcome.Counted;
        return new GcVerdict(outcome, releases, absent.Count, due.Count - chosen.Count, Explain(outcome, observation, judged.Count, absent.Count, chosen.Count, due.Count))
        {
            Ipv6Releases = ipv6Releases,
        };
    }

    /// <summary>An allocation of either family as the rules see it: its key, pod, time and LSN.</summary>
    private sealed record Judged(IpamKey Key, Pod Pod, DateTimeOffset AllocatedAt, long AllocatedLsn, Allocation? Ipv4, Ipv6Allocation? Ipv6)
    {
        public (IpamKey Key, bool Ipv6) Id => (Key, Ipv6 is not null);

        public static Judged Of(Allocation a) => new(a.Key, a.Pod, a.AllocatedAt, a.AllocatedLsn, a, null);

        public static Judged Of(Ipv6Allocation a) => new(a.Key, a.Pod, a.AllocatedAt, a.AllocatedLsn, null, a);
    }

    private GcVerdict Refuse(GcPassOutcome outcome, string why)
    {
        int restarted = _streaks.Count;
        _streaks.Clear();
        return new GcVerdict(outcome, [], 0, 0, $"{why}: nothing counted, nothing released, {restarted} streak(s) start over");
    }

    /// <summary>One allocation's run of consecutive answers that lacked its sandbox.</summary>
    private sealed record Streak(long AllocatedLsn, DateTimeOffset FirstAt, DateTimeOffset LastAt, int Count, bool Suspicious)
    {
        public static Streak Begin(long allocatedLsn, DateTimeOffset at, bool suspicious) => new(allocatedLsn, at, at, 1, suspicious);

        public Streak Extend(DateTimeOffset at, bool suspicious) => this with { LastAt = at, Count = Count + 1, Suspicious = Suspicious || suspicious };

        public bool IsDue(RuntimeGcPolicy policy) => Count >= policy.ConfirmationsNeeded(Suspicious) && LastAt - FirstAt >= policy.Grace;
    }
}
