namespace EsCni.Projections.Ec2;

/// <summary>The read model of the node's EC2 calls: each call, totals by action, and counts over time.</summary>
/// <param name="Calls">Every call, by intent LSN.</param>
public sealed record Ec2CallLedger(IReadOnlyList<Ec2Call> Calls)
{
    /// <summary>Totals per EC2 action, by action name.</summary>
    public IReadOnlyList<Ec2ApiTotals> ByApi() => Calls
        .GroupBy(c => c.Api, StringComparer.Ordinal)
        .OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => new Ec2ApiTotals(g.Key, g.Count(), g.Count(c => c.Outcome == Ec2CallOutcome.Succeeded),
            g.Count(c => c.Outcome == Ec2CallOutcome.Failed), g.Count(c => c.IsThrottled), g.Count(c => c.Outcome == Ec2CallOutcome.Pending)))
        .ToList();

    /// <summary>Calls and throttles per UTC bucket of <paramref name="bucket"/> (e.g. one hour), oldest first; empty buckets omitted.</summary>
    public IReadOnlyList<(DateTimeOffset Start, int Calls, int Failed, int Throttled)> OverTime(TimeSpan bucket)
    {
        if (bucket <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "the bucket must be a positive duration, e.g. one hour");
        }

        return Calls
            .GroupBy(c => new DateTimeOffset(c.RequestedAt.UtcTicks - (c.RequestedAt.UtcTicks % bucket.Ticks), TimeSpan.Zero))
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, g.Count(), g.Count(c => c.Outcome == Ec2CallOutcome.Failed), g.Count(c => c.IsThrottled)))
            .ToList();
    }
}
