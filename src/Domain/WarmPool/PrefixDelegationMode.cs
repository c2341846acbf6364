namespace EsCni.Domain.WarmPool;

/// <summary>Whether the pool grows with /28 prefixes now, and why not when ENABLE_PREFIX_DELEGATION asks for it.</summary>
/// <remarks>
/// The VPC CNI refuses PD on instance types not built on Nitro and falls back to secondary IPs with a log line; we do
/// the same. Unlike the VPC CNI we also fall back while the subnet has no free aligned /28 (InsufficientCidrBlocks,
/// journaled as <see cref="Events.PoolPrefixesRequestFailed"/>): pods then get secondary IPs instead of none, and
/// prefixes are tried again after the back-off (<see cref="DefaultBackoff"/> unless told).
/// </remarks>
/// <param name="UsePrefixes">True when the pool grows with prefixes.</param>
/// <param name="FallbackReason">Why a node configured for PD grows with secondary IPs; null when it does not fall back.</param>
public sealed record PrefixDelegationMode(bool UsePrefixes, string? FallbackReason)
{
    /// <summary>How long after InsufficientCidrBlocks the pool grows with secondary IPs before trying a prefix again.</summary>
    public static readonly TimeSpan DefaultBackoff = TimeSpan.FromMinutes(2);

    /// <summary>Chooses the mode at <paramref name="now"/>.</summary>
    /// <param name="configured">ENABLE_PREFIX_DELEGATION.</param>
    /// <param name="instanceType">For the message.</param>
    /// <param name="isNitro">True for Nitro instance types, the only ones EC2 delegates prefixes to.</param>
    /// <param name="prefixShortageAt">The pool's last InsufficientCidrBlocks (<see cref="Pool.NodePool.PrefixShortageAt"/>).</param>
    /// <param name="now">The instant.</param>
    /// <param name="backoff">How long a shortage keeps the node on secondary IPs; <see cref="DefaultBackoff"/> when null.</param>
    public static PrefixDelegationMode Choose(bool configured, string instanceType, bool isNitro, DateTimeOffset? prefixShortageAt, DateTimeOffset now, TimeSpan? backoff = null)
    {
        if (!configured)
        {
            return new PrefixDelegationMode(false, null);
        }

        if (!isNitro)
        {
            return new PrefixDelegationMode(false,
                $"ENABLE_PREFIX_DELEGATION=true but {instanceType} is not a Nitro instance type, which EC2 delegates no prefixes to; using secondary IPs. Use a Nitro type (m5, c5, r5, t3, ... and newer) for prefix delegation.");
        }

        TimeSpan wait = backoff ?? DefaultBackoff;
        if (prefixShortageAt is { } shortage && now < shortage + wait)
        {
            return new PrefixDelegationMode(false, string.Create(CultureInfo.InvariantCulture,
                $"the subnet had no free aligned /28 (InsufficientCidrBlocks at {shortage:O}); using secondary IPs until {shortage + wait:O}, then trying prefixes again. Reserve /28s with a subnet CIDR reservation to avoid this."));
        }

        return new PrefixDelegationMode(true, null);
    }
}
