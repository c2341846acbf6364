namespace EsCni.Ipamd.HostRepair;

/// <summary>
/// Holds every IP the host shows in use by a pod the journal does not know — a main-table /32 route to an `eni…`
/// veth whose peer lives in another network namespace — and lifts a hold once that route or veth has been gone for
/// <see cref="ScansToLift"/> consecutive scans.
/// </summary>
/// <remarks>
/// This is what keeps a start on an empty (or lost) journal next to running pods from handing their IPs to new
/// pods: whatever the journal or a checkpoint says, the host's wiring is evidence that someone uses the IP. It reads
/// the host only (no EC2), so the start-up scan costs three `ip -json` reads. Two missing scans, not one, because a
/// runtime re-creating a sandbox deletes and re-adds the veth and route; one scan could fall in between. A CNI DEL
/// for a key the journal does not know does not lift a hold: the plugin's DEL removes the veth and route, and the
/// next two scans see that, so the lift always rests on the host, never on a request's say-so.
/// </remarks>
internal sealed partial class HostEvidenceGuard
{
    /// <summary>Consecutive scans without the route or the veth before a hold is lifted.</summary>
    public const int ScansToLift = 2;

    private readonly Dictionary<Ipv4Address, int> _misses = [];

    /// <summary>Returns the holds to record and the lifts that are due for this scan of the host.</summary>
    public IReadOnlyList<PoolCommand> Compare(DurableNodePool pool, PodHostState host, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(host);
        (IReadOnlyList<Allocation> allocations, IReadOnlyList<IpHeld> holds, IReadOnlyList<CoolingIp> cooling) =
            pool.Read(p => (p.GetAllocations(), p.GetHolds(), p.GetCoolingIps(now)));
        // A cooling IP was just released by a DEL whose plugin may not have removed the veth yet; it cannot be handed
        // out before its cooldown ends, and if the route outlives that, the next scan holds it.
        var allocated = allocations.Select(a => a.Ip).Concat(cooling.Select(c => c.Ip)).ToHashSet();
        var held = holds.ToDictionary(h => h.Ip);
        Dictionary<Ipv4Address, (PodHostRoute Route, PodVeth Veth)> inUse = InUse(host);
        var commands = new List<PoolCommand>();
        Cause cause = Cause.Of(CauseKind.Reconciler);
        foreach ((Ipv4Address ip, (PodHostRoute route, PodVeth veth)) in inUse.OrderBy(p => p.Key))
        {
            if (!allocated.Contains(ip) && !held.ContainsKey(ip))
            {
                string peer = string.Create(CultureInfo.InvariantCulture, $"netnsid {veth.PeerNetnsId}");
                string evidence = string.Create(CultureInfo.InvariantCulture,
                    $"host route {ip}/32 dev {route.Device} (ifindex {veth.Index}), veth peer ifindex {veth.PeerIndex} in {peer}: a pod the journal does not know uses it");
                commands.Add(new HoldIp(now, cause, ip, HoldSource.HostRoute, evidence, route.Device, peer, veth.PeerIndex, now));
            }
        }

        foreach (IpHeld hold in holds.Where(h => h.Source == HoldSource.HostRoute))
        {
            if (inUse.ContainsKey(hold.Ip))
            {
                _misses.Remove(hold.Ip);
                continue;
            }

            int misses = _misses[hold.Ip] = _misses.GetValueOrDefault(hold.Ip) + 1;
            if (misses >= ScansToLift)
            {
                _misses.Remove(hold.Ip);
                commands.Add(new LiftHold(now, cause, hold.Ip, string.Create(CultureInfo.InvariantCulture,
                    $"no host route to {hold.Ip} through a pod veth ({hold.HostVeth} held it) in {misses} consecutive scans: the pod is gone")));
            }
        }

        foreach (Ipv4Address gone in _misses.Keys.Where(ip => !held.ContainsKey(ip)).ToList())
        {
            _misses.Remove(gone);
        }

        return commands;
    }

    /// <summary>Reads the host once and submits this scan's holds and lifts; returns the IPs newly held.</summary>
    public async Task<IReadOnlyList<Ipv4Address>> ScanAsync(DurableNodePool pool, PodHostRoutes reader, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        PodHostState host = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var newlyHeld = new List<Ipv4Address>();
        foreach (PoolCommand command in Compare(pool, host, now))
        {
            Decision decision = await pool.SubmitAsync(command, cancellationToken).ConfigureAwait(false);
            newlyHeld.AddRange(decision.Events.OfType<IpHeld>().Select(h => h.Ip));
        }

        return newlyHeld;
    }

    // Route and veth together: a route to an eni… link that is not a veth into another namespace is not a pod.
    private static Dictionary<Ipv4Address, (PodHostRoute Route, PodVeth Veth)> InUse(PodHostState host)
    {
        var veths = host.Veths.Where(v => v.PeerNetnsId is not null).ToDictionary(v => v.Name, StringComparer.Ordinal);
        var inUse = new Dictionary<Ipv4Address, (PodHostRoute, PodVeth)>();
        foreach (PodHostRoute route in host.HostRoutes)
        {
            if (veths.TryGetValue(route.Device, out PodVeth? veth))
            {
                inUse[Ipv4Address.FromIPAddress(route.PodIp)] = (route, veth);
            }
        }

        return inUse;
    }
}
