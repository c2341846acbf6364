namespace EsCni.Domain.Pool;

/// <summary>The aggregate's mutable record of one pool IP.</summary>
internal sealed class IpSlot
{
    public required Ipv4Address Ip { get; init; }

    public required string EniId { get; set; }

    public Allocation? Owner { get; set; }

    // UTC ticks of the last IpReleased for this IP; 0 = never used, which sorts first (oldest).
    public long ReleasedTicks { get; set; }

    public bool ReleaseRequested { get; set; }

    // The delegated /28 this address came from; null for a secondary IP. A prefix address leaves the pool only with its prefix.
    public Ipv4Prefix? Prefix { get; init; }
}
