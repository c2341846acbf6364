namespace EsCni.Projections.Stats;

/// <summary>What happened in one UTC hour.</summary>
/// <param name="Hour">Start of the hour (UTC).</param>
/// <param name="Events">All events.</param>
/// <param name="Allocations">IpAllocated events.</param>
/// <param name="Releases">IpReleased events.</param>
/// <param name="Quarantines">AllocationQuarantined events.</param>
public sealed record HourActivity(DateTimeOffset Hour, long Events, long Allocations, long Releases, long Quarantines);
