namespace EsCni.Ipamd.HostRepair;

/// <summary>
/// Compares the journal's allocations with the pods' host routes (the plugin's `/32 dev eni…` routes) and journals
/// each lasting disagreement as a drift — an allocation with no host route, or a host route to an IP the journal does
/// not allocate — and resolves it when host and journal agree again.
/// </summary>
/// <remarks>
/// It records, it does not repair or quarantine: the plugin wires a pod after ADD returns and unwires it after DEL
/// returns, so a disagreement is normal for a moment; only one that outlives <see cref="Grace"/> is evidence. What it
/// is evidence of (a crashed plugin, a pod removed without DEL, a hand-deleted route) needs a human or the runtime's
/// GC, and the drift says which IP and which pod.
/// </remarks>
internal sealed class PodHostDrift
{
    private const string SubjectPrefix = "host:pod:";

    private readonly Dictionary<string, DateTimeOffset> _firstSeen = new(StringComparer.Ordinal);

    public PodHostDrift(TimeSpan grace)
    {
        Grace = grace;
    }

    /// <summary>How long a disagreement must last before it is journaled.</summary>
    public TimeSpan Grace { get; }

    /// <summary>Returns the commands to submit for this pass: new drifts, and resolutions of drifts that ended.</summary>
    public IReadOnlyList<PoolCommand> Compare(DurableNodePool pool, PodHostState host, DateTimeOffset now)
    {
        (IReadOnlyList<Allocation> allocations, IReadOnlyList<DriftDetected> open) = pool.Read(p => (p.GetAllocations(), p.GetOpenDrifts()));
        var routes = host.HostRoutes.ToDictionary(r => Ipv4Address.FromIPAddress(r.PodIp), r => r.Device);
        var allocated = allocations.ToDictionary(a => a.Ip);
        var current = new Dictionary<string, (string JournalSays, string EvidenceSays)>(StringComparer.Ordinal);
        foreach (Allocation allocation in allocations.Where(a => !routes.ContainsKey(a.Ip) && now - a.AllocatedAt >= Grace))
        {
            current[SubjectPrefix + allocation.Ip] = (
                $"{allocation.Ip} is allocated to {allocation.Key} (pod {allocation.Pod}) since {allocation.AllocatedAt:O}",
                $"no host route to {allocation.Ip}: the pod was never wired (plugin failed after ADD) or was removed without DEL");
        }

        foreach ((Ipv4Address ip, string device) in routes.Where(r => !allocated.ContainsKey(r.Key)))
        {
            current[SubjectPrefix + ip] = ($"{ip} is not allocated", $"host route to {ip} via {device} remains: a DEL did not reach the plugin, or the route was added by hand");
        }

        var openSubjects = open.Select(d => d.Subject).Where(s => s.StartsWith(SubjectPrefix, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var commands = new List<PoolCommand>();
        Cause cause = Cause.Of(CauseKind.Reconciler);
        foreach ((string subject, (string journalSays, string evidenceSays)) in current)
        {
            DateTimeOffset since = _firstSeen.TryGetValue(subject, out DateTimeOffset seen) ? seen : _firstSeen[subject] = now;
            if (!openSubjects.Contains(subject) && now - since >= Grace)
            {
                commands.Add(new RecordDrift(now, cause, subject, journalSays, evidenceSays));
            }
        }

        foreach (string gone in _firstSeen.Keys.Where(s => !current.ContainsKey(s)).ToList())
        {
            _firstSeen.Remove(gone);
        }

        foreach (string subject in openSubjects.Where(s => !current.ContainsKey(s)))
        {
            commands.Add(new ResolveDrift(now, cause, subject, "the host's pod routes and the journal agree again"));
        }

        return commands;
    }
}
