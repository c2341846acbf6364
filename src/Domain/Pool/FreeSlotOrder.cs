namespace EsCni.Domain.Pool;

/// <summary>Sort key of the free set: released longest ago first, then lowest IP, so allocation order is deterministic.</summary>
/// <param name="ReleasedTicks">UTC ticks of the last release (0 = never used).</param>
/// <param name="Ip">The IP, the tie-breaker.</param>
internal readonly record struct FreeSlotOrder(long ReleasedTicks, Ipv4Address Ip) : IComparable<FreeSlotOrder>
{
    public int CompareTo(FreeSlotOrder other)
    {
        int byTime = ReleasedTicks.CompareTo(other.ReleasedTicks);
        return byTime != 0 ? byTime : Ip.CompareTo(other.Ip);
    }
}
