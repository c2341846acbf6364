namespace EsCni.Projections.Stats;

/// <summary>The read model of journal-wide numbers: events by type, allocation churn and activity per hour, restarts.</summary>
/// <param name="Events">Events counted.</param>
/// <param name="FirstAt">Time of the first event, or null.</param>
/// <param name="LastAt">Time of the last event, or null.</param>
/// <param name="EventsByType">Events by type name.</param>
/// <param name="Restarts">NodeStarted events.</param>
/// <param name="Hours">Per UTC hour with any event: events, allocations, releases, quarantines; oldest first.</param>
public sealed record JournalStats(
    long Events,
    DateTimeOffset? FirstAt,
    DateTimeOffset? LastAt,
    IReadOnlyDictionary<string, long> EventsByType,
    long Restarts,
    IReadOnlyList<HourActivity> Hours)
{
    /// <summary>The <paramref name="count"/> hours with the most events, busiest first.</summary>
    public IReadOnlyList<HourActivity> BusiestHours(int count) =>
        Hours.OrderByDescending(h => h.Events).ThenBy(h => h.Hour).Take(count).ToList();
}
