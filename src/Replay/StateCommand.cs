using System.CommandLine;
using EsCni.Projections.History;

namespace EsCni.Replay;

/// <summary><c>replay state --journal DIR [--at TIME | --lsn N]</c>: ENIs and every pool IP (free, allocated with its pod, cooling down until) at one moment.</summary>
public static class StateCommand
{
    private static readonly Option<string> s_journal = ReplayOptions.Journal().OptionalWithPostgres();
    private static readonly Option<string> s_postgres = ClusterReplayOptions.Postgres();
    private static readonly Option<string> s_node = ClusterReplayOptions.Node();
    private static readonly Option<bool> s_json = ReplayOptions.Json();
    private static readonly Option<string> s_at = ReplayOptions.Time("--at", "The moment to show; default: now (the end of the journal)");
    private static readonly Option<long?> s_lsn = new("--lsn") { Description = "Show the pool right after the event with this LSN" };

    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        Command command = new("state", "Show the pool at a moment: ENIs, and each IP free, allocated (with pod) or cooling down (until when)")
        {
            s_journal, s_postgres, s_node, s_json, s_at, s_lsn,
        };
        return command.WithHandler(stdout, stderr, async (r, o, e, ct) =>
            await ClusterReplayOptions.DispatchAsync(r, s_journal, s_postgres, e, pg => ClusterStateCommand.RunAsync(
                r.GetValue(s_node) ?? throw new ReplayUsageException("--postgres needs --node NAME (the node whose pool to show)"), pg,
                ReplayOptions.ParseTime(r, s_at, DateTimeOffset.UtcNow), r.GetValue(s_json), o, ct)).ConfigureAwait(false)
            ?? Run(r.GetValue(s_journal)!, ReplayOptions.ParseTime(r, s_at, DateTimeOffset.UtcNow), r.GetValue(s_lsn), r.GetValue(s_json), o));
    }

    /// <summary>Rebuilds the pool at the point and prints it.</summary>
    public static int Run(string journal, DateTimeOffset? at, long? lsn, bool json, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        if (at is not null && lsn is not null)
        {
            throw new ReplayUsageException("give --at or --lsn, not both");
        }

        JournalReader reader = ReplayOptions.Open(journal);
        PoolState state;
        if (lsn is { } atLsn)
        {
            if (atLsn < 0 || atLsn > reader.LastLsn)
            {
                throw new ReplayUsageException(string.Create(CultureInfo.InvariantCulture, $"--lsn {atLsn} is outside the journal (0..{reader.LastLsn})"));
            }

            state = PoolHistory.StateAt(reader, atLsn: atLsn);
        }
        else
        {
            state = PoolHistory.StateAt(reader, at: at ?? DateTimeOffset.UtcNow);
        }

        PoolView view = PoolView.Of(state);
        if (json)
        {
            ReplayJson.Write(stdout, view);
        }
        else
        {
            WriteTable(view, stdout);
        }

        return ReplayExitCodes.Ok;
    }

    private static void WriteTable(PoolView view, TextWriter stdout)
    {
        string source = view.SnapshotLsn is { } snap
            ? string.Create(CultureInfo.InvariantCulture, $"snapshot at LSN {snap} + {view.EventsReplayed} events")
            : string.Create(CultureInfo.InvariantCulture, $"{view.EventsReplayed} events from the start");
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pool at {ReplayFormat.Time(view.At)} (LSN {view.Lsn}; {source})"));
        if (view.Node is { } node)
        {
            stdout.WriteLine($"node {node.InstanceId} {node.InstanceType} {node.AvailabilityZone}, cooldown {ReplayFormat.Duration(node.IpCooldown)}, started {ReplayFormat.Time(node.StartedAt)}{(view.Stopped ? ", STOPPED" : string.Empty)}");
        }
        else
        {
            stdout.WriteLine("node not started yet at this point");
        }

        PoolCounts c = view.Counts;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{c.Enis} ENIs, {c.TotalIps} IPs: {c.Allocated} allocated ({c.Quarantined} quarantined), {c.Free} free, {c.CoolingDown} cooling down, {c.Unavailable} unavailable"));
        stdout.WriteLine();
        TextTable enis = new("eni", "device", "status", "subnet", "primary ip", "table", "ips", "allocated", "attached");
        foreach (EniInfo e in view.Enis)
        {
            enis.Add(e.EniId, Num(e.DeviceIndex), e.Status.ToString().ToLowerInvariant(), e.SubnetId, e.PrimaryIp.ToString(), Num(e.RouteTableId),
                Num(e.Ips.Count), Num(e.AllocatedCount), ReplayFormat.Time(e.AttachedAt));
        }

        enis.WriteTo(stdout);
        stdout.WriteLine();
        TextTable ips = new("ip", "eni", "state", "pod", "pod uid", "container", "if", "since", "lsn", "note");
        foreach (IpView ip in view.Ips)
        {
            ips.Add(ip.Ip.ToString(), ip.EniId, ip.State, ip.Pod, ip.PodUid, ip.ContainerId, ip.IfName,
                ip.State == "cooling" ? ReplayFormat.Time(ip.CoolingUntil) : ReplayFormat.Time(ip.AllocatedAt),
                ip.AllocatedLsn is { } l ? Num(l) : string.Empty, ip.Note);
        }

        ips.WriteTo(stdout);
        if (view.Prefixes is { Count: > 0 })
        {
            stdout.WriteLine();
            TextTable prefixes = new("prefix", "eni");
            foreach (PrefixView p in view.Prefixes)
            {
                prefixes.Add(p.Prefix, p.EniId);
            }

            prefixes.WriteTo(stdout);
        }

        view.Ipv6?.WriteTo(stdout);
        if (view.Holds is { Count: > 0 })
        {
            // Held IPs are listed whether or not they are in the pool: the host can show a pod before EC2's IPs are adopted.
            stdout.WriteLine();
            TextTable holds = new("held ip", "source", "host veth", "peer", "observed", "held at", "evidence");
            foreach (HoldView h in view.Holds)
            {
                holds.Add(h.Ip.ToString(), h.Source, h.HostVeth, h.Peer, ReplayFormat.Time(h.ObservedAt), ReplayFormat.Time(h.HeldAt), h.Evidence);
            }

            holds.WriteTo(stdout);
        }

        foreach (string warning in view.Warnings)
        {
            stdout.WriteLine($"warning: {warning}");
        }
    }

    private static string Num(long value) => ReplayFormat.Number(value);

    /// <summary>The state printed and serialized.</summary>
    internal sealed record PoolView(
        long Lsn,
        DateTimeOffset At,
        long? SnapshotLsn,
        long EventsReplayed,
        NodeInfo? Node,
        bool Stopped,
        PoolCounts Counts,
        IReadOnlyList<EniInfo> Enis,
        IReadOnlyList<IpView> Ips,
        IReadOnlyList<PendingEniCreate> PendingEniCreates,
        IReadOnlyList<UnattachedEni> UnattachedEnis,
        // Left out of the JSON when nothing is held, so journals without holds answer exactly as before (tests/Golden).
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        IReadOnlyList<HoldView>? Holds,
        IReadOnlyList<string> Warnings)
    {
        public static PoolView Of(PoolState state)
        {
            NodePool pool = state.Pool;
            HashSet<Ipv4Address> free = [.. pool.GetFreeIps(state.At)];
            Dictionary<Ipv4Address, CoolingIp> cooling = pool.GetCoolingIps(state.At).ToDictionary(c => c.Ip);
            List<IpView> ips = [];
            IReadOnlyList<EniInfo> enis = pool.GetEnis();
            foreach (EniInfo eni in enis)
            {
                // Prefix addresses are pool IPs like secondary ones; EniInfo.Ips lists only the latter.
                foreach (Ipv4Address ip in eni.Ips.Concat(eni.Prefixes.SelectMany(p => p.Addresses())))
                {
                    ips.Add(IpView.Of(ip, eni, pool, free, cooling));
                }
            }

            return new PoolView(state.Lsn, state.At, state.SnapshotLsn, state.EventsReplayed, pool.Node, pool.IsStopped, pool.GetCounts(state.At), enis,
                ips.OrderBy(i => i.Ip).ToList(), pool.GetPendingEniCreates(), pool.GetUnattachedEnis(), pool.GetHolds() is { Count: > 0 } holds ? holds.Select(HoldView.Of).ToList() : null, state.Warnings)
            {
                Prefixes = pool.PrefixCount > 0 ? pool.GetPrefixes().Select(p => new PrefixView(p.Key.ToString(), p.Value)).ToList() : null,
                Ipv6 = Ipv6StateView.Of(pool),
            };
        }

        /// <summary>IPv6 /80s and allocations; left out of the JSON for a node without IPv6.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public Ipv6StateView? Ipv6 { get; init; }

        /// <summary>Delegated /28 prefixes; left out of the JSON when there are none, so older journals answer exactly as before.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyList<PrefixView>? Prefixes { get; init; }
    }

    /// <summary>One delegated prefix at the moment.</summary>
    internal sealed record PrefixView(string Prefix, string EniId);

    /// <summary>One pool IP at the moment.</summary>
    internal sealed record IpView(
        Ipv4Address Ip,
        string EniId,
        string State,
        string? Pod,
        string? PodUid,
        string? ContainerId,
        string? IfName,
        string? Netns,
        DateTimeOffset? AllocatedAt,
        long? AllocatedLsn,
        DateTimeOffset? CoolingUntil,
        string? Note)
    {
        public static IpView Of(Ipv4Address ip, EniInfo eni, NodePool pool, HashSet<Ipv4Address> free, Dictionary<Ipv4Address, CoolingIp> cooling)
        {
            if (pool.TryGetAllocation(ip, out Allocation? a))
            {
                return new IpView(ip, eni.EniId, a.IsQuarantined ? "quarantined" : "allocated", a.Pod.ToString(), a.Pod.Uid, a.Key.ContainerId, a.Key.IfName,
                    a.Netns, a.AllocatedAt, a.AllocatedLsn, null, a.QuarantineEvidence);
            }

            if (pool.TryGetHold(ip, out IpHeld? hold))
            {
                return new IpView(ip, eni.EniId, "held", null, null, null, null, null, null, null, null, hold.Evidence);
            }

            if (cooling.TryGetValue(ip, out CoolingIp c))
            {
                return new IpView(ip, eni.EniId, "cooling", null, null, null, null, null, null, null, c.Until, null);
            }

            return free.Contains(ip)
                ? new IpView(ip, eni.EniId, "free", null, null, null, null, null, null, null, null, null)
                : new IpView(ip, eni.EniId, "unavailable", null, null, null, null, null, null, null, null,
                    eni.Status == EniStatus.Detaching ? "ENI detaching" : "release to EC2 requested");
        }
    }

    /// <summary>One held IP: what showed it in use and when (<see cref="IpHeld"/>).</summary>
    internal sealed record HoldView(Ipv4Address Ip, string Source, string HostVeth, string Peer, DateTimeOffset ObservedAt, DateTimeOffset HeldAt, string Evidence)
    {
        public static HoldView Of(IpHeld h) => new(h.Ip, h.Source.ToString(), h.HostVeth,
            h.PeerIfIndex > 0 ? string.Create(CultureInfo.InvariantCulture, $"{h.PeerNetns} ifindex {h.PeerIfIndex}") : h.PeerNetns, h.ObservedAt, h.At, h.Evidence);
    }
}
