namespace EsCni.Domain.WarmPool;

/// <summary>The warm-pool settings, with the VPC CNI's names and meaning (reference/vpc-cni.md §1).</summary>
/// <param name="WarmEniTarget">WARM_ENI_TARGET (default 1): keep this many ENIs' worth of free IPs. Ignored when a WARM_IP/MINIMUM_IP target is set.</param>
/// <param name="WarmIpTarget">WARM_IP_TARGET: keep this many free IPs; null or 0 = unset.</param>
/// <param name="MinimumIpTarget">MINIMUM_IP_TARGET: keep at least this many IPs in total; null or 0 = unset.</param>
/// <param name="MaxEni">MAX_ENI: caps the ENIs below the instance limit; null = instance limit.</param>
public sealed record WarmPoolTargets(int WarmEniTarget = 1, int? WarmIpTarget = null, int? MinimumIpTarget = null, int? MaxEni = null)
{
    /// <summary>True when WARM_IP_TARGET or MINIMUM_IP_TARGET is set (> 0), which overrides WARM_ENI_TARGET.</summary>
    public bool IpTargetsDefined => WarmIpTarget > 0 || MinimumIpTarget > 0;

    /// <summary>Grow with /28 prefixes (ENABLE_PREFIX_DELEGATION in force: configured, Nitro, and no InsufficientCidrBlocks back-off).</summary>
    public bool PrefixDelegation { get; init; }

    /// <summary>WARM_PREFIX_TARGET (default 1): keep this many prefixes' worth (16 each) of free addresses. Ignored when a WARM_IP/MINIMUM_IP target is set.</summary>
    public int WarmPrefixTarget { get; init; } = 1;

    /// <summary>kubelet max-pods: the pool stops growing once it holds this many addresses; null = no cap beyond the ENI limits.</summary>
    public int? MaxPods { get; init; }
}
