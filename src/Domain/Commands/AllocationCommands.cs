using EsCni.Domain.Pool;

namespace EsCni.Domain.Commands;

/// <summary>Give the key an IP (CNI ADD); idempotent: a key that holds an IP gets the same one and no event.</summary>
public sealed record AllocateIp(DateTimeOffset At, Cause Cause, IpamKey Key, Pod Pod, string Netns) : PoolCommand(At, Cause)
{
    /// <summary>What the daemon knows about growing the pool, so a refusal tells capacity, subnet exhaustion and refill apart.</summary>
    public PoolGrowth Growth { get; init; } = PoolGrowth.Unknown;
}

/// <summary>End the key's allocation, IPv4 or IPv6 (CNI DEL/GC); an unknown key is accepted with no event.</summary>
public sealed record ReleaseIpByKey(DateTimeOffset At, Cause Cause, IpamKey Key, ReleaseReason Reason) : PoolCommand(At, Cause)
{
    /// <summary>
    /// When set, only an allocation of exactly this IP is released; the key holding another IP is accepted with no
    /// event. A deferred DEL names the IP it saw, so it can never end a newer allocation of the same key.
    /// </summary>
    public Ipv4Address? OnlyIp { get; init; }

    /// <summary>
    /// The IPv6 twin of <see cref="OnlyIp"/>: when set, only an IPv6 allocation of exactly this address is released
    /// (and no IPv4 one). With neither set, the key's IPv4 and IPv6 allocations both end.
    /// </summary>
    public Ipv6Address? OnlyIpv6 { get; init; }

    /// <summary>The plugin's request id carried onto the <see cref="IpReleased"/> (deferred DELs).</summary>
    public string? RequestId { get; init; }

    /// <summary>
    /// When set, only the allocation made at this LSN is released; a newer allocation of the same key (an ADD that
    /// came after the evidence was gathered) is left alone and the command is accepted with no event.
    /// </summary>
    public long? AllocatedLsn { get; init; }

    /// <summary>Carried into <see cref="IpReleased.Evidence"/>.</summary>
    public string Evidence { get; init; } = string.Empty;
}

/// <summary>End whatever allocation holds the IP; a free IP is accepted with no event.</summary>
public sealed record ReleaseIp(DateTimeOffset At, Cause Cause, Ipv4Address Ip, ReleaseReason Reason) : PoolCommand(At, Cause);

/// <summary>Flag the allocation holding the IP because evidence disagrees; it stays owned until released explicitly.</summary>
public sealed record QuarantineAllocation(DateTimeOffset At, Cause Cause, Ipv4Address Ip, string Evidence) : PoolCommand(At, Cause);
