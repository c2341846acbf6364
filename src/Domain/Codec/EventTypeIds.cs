namespace EsCni.Domain.Codec;

/// <summary>The stable wire id of every event type; the journal stores this next to the payload.</summary>
/// <remarks>
/// Never reuse or renumber an id: journals on nodes and in PostgreSQL outlive builds. Families own ranges
/// (node 1–9, ENI 10–19, pool 20–29, pods 30–39, reconciliation 40–49) so a new event lands next to its kin.
/// </remarks>
public static class EventTypeIds
{
    /// <summary><see cref="Events.NodeStarted"/>.</summary>
    public const ushort NodeStarted = 1;

    /// <summary><see cref="Events.NodeStopped"/>.</summary>
    public const ushort NodeStopped = 2;

    /// <summary><see cref="Events.EniCreateRequested"/>.</summary>
    public const ushort EniCreateRequested = 10;

    /// <summary><see cref="Events.EniCreated"/>.</summary>
    public const ushort EniCreated = 11;

    /// <summary><see cref="Events.EniCreateFailed"/>.</summary>
    public const ushort EniCreateFailed = 12;

    /// <summary><see cref="Events.EniAttached"/>.</summary>
    public const ushort EniAttached = 13;

    /// <summary><see cref="Events.EniDetachRequested"/>.</summary>
    public const ushort EniDetachRequested = 14;

    /// <summary><see cref="Events.EniDetachFailed"/>.</summary>
    public const ushort EniDetachFailed = 15;

    /// <summary><see cref="Events.EniDetached"/>.</summary>
    public const ushort EniDetached = 16;

    /// <summary><see cref="Events.EniDeleted"/>.</summary>
    public const ushort EniDeleted = 17;

    /// <summary><see cref="Events.PoolIpsRequested"/>.</summary>
    public const ushort PoolIpsRequested = 20;

    /// <summary><see cref="Events.PoolIpsAdded"/>.</summary>
    public const ushort PoolIpsAdded = 21;

    /// <summary><see cref="Events.PoolIpsRequestFailed"/>.</summary>
    public const ushort PoolIpsRequestFailed = 22;

    /// <summary><see cref="Events.PoolIpsReleaseRequested"/>.</summary>
    public const ushort PoolIpsReleaseRequested = 23;

    /// <summary><see cref="Events.PoolIpsReleaseFailed"/>.</summary>
    public const ushort PoolIpsReleaseFailed = 24;

    /// <summary><see cref="Events.PoolIpsRemoved"/>.</summary>
    public const ushort PoolIpsRemoved = 25;

    /// <summary><see cref="Events.IpAllocated"/>.</summary>
    public const ushort IpAllocated = 30;

    /// <summary><see cref="Events.IpReleased"/>.</summary>
    public const ushort IpReleased = 31;

    /// <summary><see cref="Events.AllocationQuarantined"/>.</summary>
    public const ushort AllocationQuarantined = 32;

    /// <summary><see cref="Events.IpHeld"/>.</summary>
    public const ushort IpHeld = 33;

    /// <summary><see cref="Events.IpHoldLifted"/>.</summary>
    public const ushort IpHoldLifted = 34;

    /// <summary><see cref="Events.IpAdopted"/>.</summary>
    public const ushort IpAdopted = 35;

    /// <summary><see cref="Events.EniAdopted"/>.</summary>
    public const ushort EniAdopted = 46;

    /// <summary><see cref="Events.DriftDetected"/>.</summary>
    public const ushort DriftDetected = 40;

    /// <summary><see cref="Events.DriftResolved"/>.</summary>
    public const ushort DriftResolved = 41;

    /// <summary><see cref="Events.PoolPrefixesRequested"/>.</summary>
    public const ushort PoolPrefixesRequested = 36;

    /// <summary><see cref="Events.PoolPrefixesAdded"/>.</summary>
    public const ushort PoolPrefixesAdded = 37;

    /// <summary><see cref="Events.PoolPrefixesRequestFailed"/>.</summary>
    public const ushort PoolPrefixesRequestFailed = 38;

    /// <summary><see cref="Events.PoolPrefixesReleaseRequested"/>.</summary>
    public const ushort PoolPrefixesReleaseRequested = 39;

    /// <summary><see cref="Events.PoolPrefixesReleaseFailed"/> (40 and 41 were already the drift events).</summary>
    public const ushort PoolPrefixesReleaseFailed = 42;

    /// <summary><see cref="Events.PoolPrefixesRemoved"/>.</summary>
    public const ushort PoolPrefixesRemoved = 43;

    /// <summary><see cref="Events.Ipv6PrefixRequested"/> (IPv6 family 47–53; 53 kept for it).</summary>
    public const ushort Ipv6PrefixRequested = 47;

    /// <summary><see cref="Events.Ipv6PrefixAdded"/>.</summary>
    public const ushort Ipv6PrefixAdded = 48;

    /// <summary><see cref="Events.Ipv6PrefixRequestFailed"/>.</summary>
    public const ushort Ipv6PrefixRequestFailed = 49;

    /// <summary><see cref="Events.Ipv6Allocated"/>.</summary>
    public const ushort Ipv6Allocated = 50;

    /// <summary><see cref="Events.Ipv6Released"/>.</summary>
    public const ushort Ipv6Released = 51;

    /// <summary><see cref="Events.Ipv6CursorAdvanced"/>.</summary>
    public const ushort Ipv6CursorAdvanced = 52;
}
