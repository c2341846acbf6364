using System.CommandLine;
using EsCni.Projections.Ownership;

namespace EsCni.Replay;

/// <summary><c>replay who-had IP --journal DIR [--at T | --from T1 --to T2]</c>: every owner of the IP in the window, with pod, key, ENI, times, reason and LSNs.</summary>
/// <remarks>
/// With a recent window (<c>--at</c>, <c>--from</c> within reach of a snapshot) it reads from the pool state at the
/// window's start on, until every owner it found has ended; otherwise it scans the whole journal (<see cref="OwnershipQuery"/>). Either way it decodes almost
/// nothing: pod events are matched on their raw IP bytes.
/// </remarks>
public static class WhoHadCommand
{
    private static readonly Argument<string> s_ip = new("ip") { Description = "The IPv4 or IPv6 address, e.g. 10.0.3.17 or 2600:1f14:abc:de01:1234::7" };
    private static readonly Option<string> s_journal = ReplayOptions.Journal().OptionalWithPostgres();
    private static readonly Option<string> s_postgres = ClusterReplayOptions.Postgres();
    private static readonly Option<bool> s_json = ReplayOptions.Json();
    private static readonly Option<string> s_at = ReplayOptions.Time("--at", "Only the owner(s) at this moment");
    private static readonly Option<string> s_from = ReplayOptions.Time("--from", "Start of the window");
    private static readonly Option<string> s_to = ReplayOptions.Time("--to", "End of the window (default: now)");

    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        Command command = new("who-had", "List every owner of an IP (pod, UID, container, interface, ENI, allocated/released with LSNs, release reason)")
        {
            s_ip, s_journal, s_postgres, s_json, s_at, s_from, s_to,
        };
        return command.WithHandler(stdout, stderr, async (r, o, e, ct) =>
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            if (await ClusterReplayOptions.DispatchAsync(r, s_journal, s_postgres, e, pg => r.GetValue(s_from) is not null || r.GetValue(s_to) is not null
                ? throw new ReplayUsageException("--from/--to need --journal; with --postgres ask for one moment with --at, or leave it out for every owner")
                : ClusterWhoHadCommand.RunAsync(r.GetValue(s_ip)!, pg, ReplayOptions.ParseTime(r, s_at, now), r.GetValue(s_json), o, ct)).ConfigureAwait(false) is { } exit)
            {
                return exit;
            }

            return Run(r.GetValue(s_ip)!, r.GetValue(s_journal)!, ReplayOptions.ParseTime(r, s_at, now), ReplayOptions.ParseTime(r, s_from, now),
                ReplayOptions.ParseTime(r, s_to, now), r.GetValue(s_json), o);
        });
    }

    /// <summary>Finds and prints the owners.</summary>
    public static int Run(string ipText, string journal, DateTimeOffset? at, DateTimeOffset? from, DateTimeOffset? to, bool json, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        if (at is not null && (from is not null || to is not null))
        {
            throw new ReplayUsageException("give --at, or --from/--to, not both");
        }

        if (from is not null && to is not null && to < from)
        {
            throw new ReplayUsageException($"--to {ReplayFormat.Time(to)} is before --from {ReplayFormat.Time(from)}");
        }

        if (Ipv6Address.TryParse(ipText, out Ipv6Address v6))
        {
            return Ipv6WhoHad.Run(v6, ReplayOptions.Open(journal), at, from, to, json, stdout);
        }

        if (!Ipv4Address.TryParse(ipText, out Ipv4Address ip))
        {
            throw new ReplayUsageException($"'{ipText}' is not an IP address; pass one such as 10.0.3.17 or 2600:1f14:abc:de01:1234::7");
        }

        IReadOnlyList<OwnershipInterval> owners = Find(ReplayOptions.Open(journal), ip, at, from, to);
        if (json)
        {
            ReplayJson.Write(stdout, new { ip, at, from, to, owners });
            return ReplayExitCodes.Ok;
        }

        string window = at is { } moment ? $"at {ReplayFormat.Time(moment)}"
            : from is not null || to is not null ? $"from {ReplayFormat.Time(from)} to {ReplayFormat.Time(to)}" : "over the whole journal";
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ip} {window}: {owners.Count} owner(s)"));
        if (owners.Count == 0)
        {
            return ReplayExitCodes.Ok;
        }

        TextTable table = new("pod", "pod uid", "container", "if", "eni", "allocated", "alloc lsn", "ended", "end lsn", "how", "quarantine");
        foreach (OwnershipInterval o in owners)
        {
            string how = o.End switch
            {
                OwnershipEnd.Live when o.IsHostHold => "still held (host evidence)",
                OwnershipEnd.Live => "still allocated",
                OwnershipEnd.HoldLifted => "hold lifted",
                OwnershipEnd.Released => o.ReleaseEvidence is null ? $"released ({o.ReleaseReason})" : $"released ({o.ReleaseReason}: {o.ReleaseEvidence})",
                OwnershipEnd.EniDetached => "ENI detached",
                _ => "removed from pool",
            };
            if (o.AdoptedFrom is not null)
            {
                how += $"; adopted from {o.AdoptedFrom}";
            }

            table.Add(o.Pod.ToString(), o.Pod.Uid, o.Key.ContainerId, o.Key.IfName, o.EniId, ReplayFormat.Time(o.AllocatedAt), ReplayFormat.Number(o.AllocatedLsn),
                ReplayFormat.Time(o.EndedAt), o.EndedLsn is { } l ? ReplayFormat.Number(l) : "-", how,
                string.Join("; ", o.Quarantines.Select(q => string.Create(CultureInfo.InvariantCulture, $"LSN {q.Lsn}: {q.Evidence}"))));
        }

        table.WriteTo(stdout);
        return ReplayExitCodes.Ok;
    }

    /// <summary>The owners of <paramref name="ip"/> covering <paramref name="at"/> or overlapping [from, to] (all when no window).</summary>
    public static IReadOnlyList<OwnershipInterval> Find(JournalReader reader, Ipv4Address ip, DateTimeOffset? at, DateTimeOffset? from, DateTimeOffset? to)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (at is { } moment)
        {
            return (OwnershipQuery.TryWindow(reader, ip, moment, moment) ?? WholeHistory(reader, ip)).Where(i => i.Covers(moment)).ToList();
        }

        DateTimeOffset start = from ?? DateTimeOffset.MinValue, end = to ?? DateTimeOffset.MaxValue;
        return (from is null ? null : OwnershipQuery.TryWindow(reader, ip, start, end))
            ?? WholeHistory(reader, ip).Where(i => i.Overlaps(start, end)).ToList();
    }

    private static IReadOnlyList<OwnershipInterval> WholeHistory(JournalReader reader, Ipv4Address ip) =>
        OwnershipQuery.WholeHistory(reader, ip, Math.Clamp(Environment.ProcessorCount, 1, 4));
}
