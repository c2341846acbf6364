namespace EsCni.Domain.Pool;

/// <summary>What the daemon knows about growing the pool that the journal does not; lets a refused ADD say why no IP is coming.</summary>
/// <param name="MaxEni">MAX_ENI, or null when unset (only to name the limit in messages: the node's ENI count already applies it).</param>
/// <param name="SubnetExhausted">The EC2 error of the last growth attempt when it found the subnet out of addresses
/// (<c>InsufficientFreeAddressesInSubnet</c>) and growth waits; null when the pool may grow.</param>
public sealed record PoolGrowth(int? MaxEni, string? SubnetExhausted)
{
    /// <summary>Nothing known beyond the journal: no MAX_ENI, growth possible.</summary>
    public static readonly PoolGrowth Unknown = new(null, null);
}
