namespace EsCni.ClusterStore.Shipping;

/// <summary>Where a <see cref="NodeStreamShipper"/> stands.</summary>
public enum ShippingState
{
    /// <summary>Not yet in contact with the cluster store, or re-reading the stream after a doubt.</summary>
    Starting,

    /// <summary>Shipped everything that was durable at the last look.</summary>
    CaughtUp,

    /// <summary>Sending a backlog.</summary>
    Shipping,

    /// <summary>PostgreSQL is unreachable or failing; retrying with backoff while the backlog grows.</summary>
    Unavailable,

    /// <summary>Another writer shares this stream (two journals with one incarnation): shipping stopped for good.</summary>
    Conflict,
}
