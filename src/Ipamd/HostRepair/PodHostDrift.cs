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
    /// <param name="pool">The journal's view.</param>
    /// <param name="host">The host's IPv4 pod routes.</param>
    /// <param name="now">This pass's time.</param>
    /// <param name="ipv6Host">The host's IPv6 pod routes and rules (ENABLE_IPv6), or null on an IPv4 node.</param>
    public IReadOnlyList<PoolCommand> Compare(DurableNodePool pool, PodHostState host, DateTimeOffset now, PodHostIpv6State? ipv6Host = null)
    {
        (IReadOnlyList<Allocation> allocations, IReadOnlyList<Ipv6Allocation> v6Allocations, IReadOnlyList<DriftDetected> open) =
            pool.Read(p => (p.GetAllocations(), p.GetIpv6Allocations(), p.GetOpenDrifts()));
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

        if (ipv6Host is not null)
        {
            CompareIpv6(v6Allocations, ipv6Host, now, current);
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

    // The same two disagreements for IPv6 pods (/128 routes), plus a missing `to POD lookup main prio 512` rule: without
    // it a pod on an IPv6 node is unreachable whenever another rule (e.g. a from-rule of a secondary ENI) matches first.
    private void CompareIpv6(IReadOnlyList<Ipv6Allocation> allocations, PodHostIpv6State host, DateTimeOffset now, Dictionary<string, (string JournalSays, string EvidenceSays)> current)
    {
        var routes = new Dictionary<Ipv6Address, string>();
        foreach (PodHostRoute route in host.HostRoutes)
        {
            routes[Ipv6Address.FromIPAddress(route.PodIp)] = route.Device;
        }

        var rules = host.ToPodRules.Select(r => Ipv6Address.FromIPAddress(r.PodIp)).ToHashSet();
        var allocated = allocations.Select(a => a.Address).ToHashSet();
        foreach (Ipv6Allocation allocation in allocations.Where(a => now - a.AllocatedAt >= Grace))
        {
            bool route = routes.ContainsKey(allocation.Address);
            bool rule = rules.Contains(allocation.Address);
            if (!route || !rule)
            {
                string missing = (route, rule) switch
                {
                    (false, false) => $"no host route {allocation.Address}/128 and no `to {allocation.Address} lookup main` rule",
                    (false, true) => $"no host route {allocation.Address}/128",
                    _ => $"no `to {allocation.Address} lookup main prio {PodHostRoutes.ToPodPriority}` rule",
                };
                current[SubjectPrefix + allocation.Address] = (
                    $"{allocation.Address} is allocated to {allocation.Key} (pod {allocation.Pod}) since {allocation.AllocatedAt:O}",
                    $"{missing}: the pod was never wired (plugin failed after ADD), was removed without DEL, or the host was changed by hand");
            }
        }

        foreach ((Ipv6Address address, string device) in routes.Where(r => !allocated.Contains(r.Key)))
        {
            current[SubjectPrefix + address] = ($"{address} is not allocated", $"host route {address}/128 via {device} remains: a DEL did not reach the plugin, or the route was added by hand");
        }
    }
}
