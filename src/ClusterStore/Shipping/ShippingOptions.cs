using EsCni.ClusterStore;

namespace EsCni.ClusterStore.Shipping;

/// <summary>Tuning of the journal shipper; the defaults suit a node (tens of events per second at most).</summary>
public sealed record ShippingOptions
{
    /// <summary>Events per commit, at most <see cref="ClusterDocumentStore.MaxBatchEvents"/> (500).</summary>
    public int BatchEvents { get; init; } = ClusterDocumentStore.MaxBatchEvents;

    /// <summary>How often the shipper looks for newly durable events when caught up. Default 250 ms.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>First wait after a failed attempt; doubles (with ±25 % jitter) up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between attempts while PostgreSQL is unreachable. Default 30 s.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often shipped segments are handed to the journal's retention. Default 1 min.</summary>
    public TimeSpan RetentionInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    public void Validate()
    {
        if (BatchEvents < 1 || BatchEvents > ClusterDocumentStore.MaxBatchEvents)
        {
            throw new ArgumentException($"ShippingOptions.BatchEvents is {BatchEvents}; use 1..{ClusterDocumentStore.MaxBatchEvents}");
        }

        if (PollInterval <= TimeSpan.Zero || MinBackoff <= TimeSpan.Zero || MaxBackoff < MinBackoff)
        {
            throw new ArgumentException($"ShippingOptions intervals are invalid (poll {PollInterval}, backoff {MinBackoff}..{MaxBackoff}); use positive values with MinBackoff <= MaxBackoff");
        }
    }
}
