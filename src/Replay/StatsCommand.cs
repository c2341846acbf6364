using System.CommandLine;
using EsCni.Projections.Ec2;
using EsCni.Projections.Replay;
using EsCni.Projections.Stats;

namespace EsCni.Replay;

/// <summary><c>replay stats --journal DIR</c>: events by type, EC2 calls and throttles over time, allocation churn, busiest hours.</summary>
public static class StatsCommand
{
    private static readonly JournalVerb s_verb = new();
    private static readonly Option<int> s_top = new("--top") { Description = "How many busiest hours to list", DefaultValueFactory = _ => 5 };

    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr) =>
        s_verb.Command("stats", "Journal statistics: events by type, EC2 calls and throttles per hour, allocation churn, busiest hours", s_top)
            .WithHandler(stdout, stderr, (r, o, e) => Run(s_verb.Directory(r), r.GetValue(s_top), s_verb.Json(r), o));

    /// <summary>One pass feeding the statistics and the EC2 ledger; prints both.</summary>
    public static int Run(string journal, int top, bool json, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        if (top < 1)
        {
            throw new ReplayUsageException(string.Create(CultureInfo.InvariantCulture, $"--top {top} must be at least 1"));
        }

        JournalStatsProjection statsProjection = new();
        Ec2CallLedgerProjection ledgerProjection = new();
        JournalReplay.Run(ReplayOptions.Open(journal), ReplayRange.All, null, statsProjection, ledgerProjection);
        JournalStats stats = statsProjection.Stats;
        Ec2CallLedger ledger = ledgerProjection.Ledger;
        var ec2Hours = ledger.OverTime(TimeSpan.FromHours(1)).Select(h => new { hour = h.Start, calls = h.Calls, failed = h.Failed, throttled = h.Throttled }).ToList();
        // Both families: an IPv6 node's churn is its Ipv6Allocated / Ipv6Released.
        long allocations = stats.EventsByType.GetValueOrDefault("IpAllocated") + stats.EventsByType.GetValueOrDefault("Ipv6Allocated");
        long releases = stats.EventsByType.GetValueOrDefault("IpReleased") + stats.EventsByType.GetValueOrDefault("Ipv6Released");
        double hours = stats.FirstAt is { } first && stats.LastAt is { } last ? Math.Max((last - first).TotalHours, 1.0 / 60) : 0;
        var churn = new
        {
            allocations,
            releases,
            perHour = hours == 0 ? 0 : Math.Round((allocations + releases) / hours, 1),
            peakHour = stats.Hours.Count == 0 ? 0 : stats.Hours.Max(h => h.Allocations + h.Releases),
        };
        if (json)
        {
            ReplayJson.Write(stdout, new
            {
                stats.Events,
                stats.FirstAt,
                stats.LastAt,
                stats.Restarts,
                stats.EventsByType,
                ec2 = new { byApi = ledger.ByApi(), perHour = ec2Hours },
                churn,
                busiestHours = stats.BusiestHours(top),
            });
            return ReplayExitCodes.Ok;
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{stats.Events} events from {ReplayFormat.Time(stats.FirstAt)} to {ReplayFormat.Time(stats.LastAt)}, {stats.Restarts} daemon start(s)"));
        stdout.WriteLine();
        TextTable types = new("event", "count");
        foreach ((string type, long count) in stats.EventsByType)
        {
            types.Add(type, ReplayFormat.Number(count));
        }

        types.WriteTo(stdout);
        stdout.WriteLine();
        stdout.WriteLine("EC2 calls by API:");
        TextTable apis = new("api", "calls", "succeeded", "failed", "throttled", "pending");
        foreach (Ec2ApiTotals a in ledger.ByApi())
        {
            apis.Add(a.Api, N(a.Calls), N(a.Succeeded), N(a.Failed), N(a.Throttled), N(a.Pending));
        }

        apis.WriteTo(stdout);
        stdout.WriteLine();
        stdout.WriteLine("EC2 calls per hour:");
        TextTable perHour = new("hour", "calls", "failed", "throttled");
        foreach (var h in ec2Hours)
        {
            perHour.Add(ReplayFormat.Time(h.hour), N(h.calls), N(h.failed), N(h.throttled));
        }

        perHour.WriteTo(stdout);
        stdout.WriteLine();
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"allocation churn: {allocations} allocations, {releases} releases, {churn.perHour:0.0} per hour on average, peak {churn.peakHour} in one hour"));
        stdout.WriteLine();
        stdout.WriteLine("busiest hours:");
        TextTable busiest = new("hour", "events", "allocations", "releases", "quarantines");
        foreach (HourActivity h in stats.BusiestHours(top))
        {
            busiest.Add(ReplayFormat.Time(h.Hour), N(h.Events), N(h.Allocations), N(h.Releases), N(h.Quarantines));
        }

        busiest.WriteTo(stdout);
        return ReplayExitCodes.Ok;
    }

    private static string N(long value) => ReplayFormat.Number(value);
}
