using System.CommandLine;
using EsCni.Projections.History;

namespace EsCni.Replay;

/// <summary><c>replay diff --journal DIR --from T1 --to T2</c>: what changed in the pool between two moments.</summary>
public static class DiffCommand
{
    private static readonly JournalVerb s_verb = new();
    private static readonly Option<string> s_from = ReplayOptions.Time("--from", "The earlier moment", required: true);
    private static readonly Option<string> s_to = ReplayOptions.Time("--to", "The later moment (default: now)");

    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr) =>
        s_verb.Command("diff", "What changed in the pool between two moments: ENIs, pool IPs, allocations started and ended, quarantines, events", s_from, s_to)
            .WithHandler(stdout, stderr, (r, o, e) =>
            {
                DateTimeOffset now = DateTimeOffset.UtcNow;
                return Run(s_verb.Directory(r), ReplayOptions.ParseTime(r, s_from, now)!.Value, ReplayOptions.ParseTime(r, s_to, now) ?? now, s_verb.Json(r), o);
            });

    /// <summary>Computes and prints the diff.</summary>
    public static int Run(string journal, DateTimeOffset from, DateTimeOffset to, bool json, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        if (to < from)
        {
            throw new ReplayUsageException($"--to {ReplayFormat.Time(to)} is before --from {ReplayFormat.Time(from)}; give the earlier time first");
        }

        PoolDiff diff = PoolDiff.Between(ReplayOptions.Open(journal), from, to);
        if (json)
        {
            ReplayJson.Write(stdout, new
            {
                from = new { lsn = diff.From.Lsn, at = diff.From.At },
                to = new { lsn = diff.To.Lsn, at = diff.To.At },
                diff.EnisAttached,
                diff.EnisDetached,
                diff.IpsAdded,
                diff.IpsRemoved,
                diff.AllocationsStarted,
                diff.AllocationsEnded,
                diff.Quarantined,
                diff.CountsFrom,
                diff.CountsTo,
                diff.EventsBetween,
            });
            return ReplayExitCodes.Ok;
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pool diff {ReplayFormat.Time(diff.From.At)} (LSN {diff.From.Lsn}) -> {ReplayFormat.Time(diff.To.At)} (LSN {diff.To.Lsn})"));
        stdout.WriteLine($"before: {Counts(diff.CountsFrom)}");
        stdout.WriteLine($"after:  {Counts(diff.CountsTo)}");
        stdout.WriteLine($"events between: {(diff.EventsBetween.Count == 0 ? "none" : string.Join(", ", diff.EventsBetween.Select(p => $"{p.Key} {ReplayFormat.Number(p.Value)}")))}");
        Section(stdout, "ENIs attached", diff.EnisAttached.Select(e => $"+ {e.EniId} device {ReplayFormat.Number(e.DeviceIndex)} ({ReplayFormat.Number(e.Ips.Count)} IPs)"));
        Section(stdout, "ENIs detached", diff.EnisDetached.Select(e => $"- {e.EniId} device {ReplayFormat.Number(e.DeviceIndex)}"));
        Section(stdout, "pool IPs added", diff.IpsAdded.Select(ip => $"+ {ip}"));
        Section(stdout, "pool IPs removed", diff.IpsRemoved.Select(ip => $"- {ip}"));
        Section(stdout, "allocations started", diff.AllocationsStarted.Select(a => $"+ {Allocation(a)}"));
        Section(stdout, "allocations ended", diff.AllocationsEnded.Select(a => $"- {Allocation(a)}"));
        Section(stdout, "quarantined", diff.Quarantined.Select(a => $"! {a.Ip} {a.Pod}: {a.QuarantineEvidence}"));
        return ReplayExitCodes.Ok;
    }

    private static string Counts(PoolCounts c) => string.Create(CultureInfo.InvariantCulture,
        $"{c.Enis} ENIs, {c.TotalIps} IPs, {c.Allocated} allocated ({c.Quarantined} quarantined), {c.Free} free, {c.CoolingDown} cooling, {c.Unavailable} unavailable");

    private static string Allocation(Allocation a) => string.Create(CultureInfo.InvariantCulture,
        $"{a.Ip} {a.Pod} uid {a.Pod.Uid} container {a.Key.ContainerId} on {a.EniId} (allocated {ReplayFormat.Time(a.AllocatedAt)}, LSN {a.AllocatedLsn})");

    private static void Section(TextWriter stdout, string title, IEnumerable<string> lines)
    {
        List<string> list = lines.ToList();
        if (list.Count == 0)
        {
            // Unchanged aspects stay silent: a diff is read for what moved.
            return;
        }

        stdout.WriteLine();
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{title} ({list.Count}):"));
        foreach (string line in list)
        {
            stdout.WriteLine($"  {line}");
        }
    }
}
