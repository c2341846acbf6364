namespace EsCni.Ipamd.Configuration;

/// <summary>
/// The warm-pool targets, read from the VPC CNI's variables with the VPC CNI's meaning
/// (reference/vpc-cni.md §1): WARM_IP_TARGET and MINIMUM_IP_TARGET, when set, override WARM_ENI_TARGET.
/// </summary>
public sealed record WarmPoolOptions
{
    /// <summary><c>WARM_ENI_TARGET</c>, default 1: whole ENIs' worth of free IPs to keep ready.</summary>
    public int WarmEniTarget { get; init; } = 1;

    /// <summary><c>WARM_IP_TARGET</c>, unset by default: free IPs to keep ready.</summary>
    public int? WarmIpTarget { get; init; }

    /// <summary><c>MINIMUM_IP_TARGET</c>, unset by default: IPs (free + allocated) the node holds at least.</summary>
    public int? MinimumIpTarget { get; init; }

    /// <summary><c>MAX_ENI</c>, unset by default: caps ENIs below the instance type's limit.</summary>
    public int? MaxEni { get; init; }

    /// <summary><c>IP_COOLDOWN_PERIOD</c> in seconds, default 30: a released IP is not handed out again before it ends.</summary>
    public TimeSpan IpCooldown { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>ESCNI_POOL_INTERVAL_MS</c>, default 5000: how often the warm-pool loop compares the pool with its targets.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>ESCNI_RECONCILE_INTERVAL_S</c>, default 60: how often the journal is compared with EC2.</summary>
    public TimeSpan ReconcileInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// <c>DISABLE_LEAKED_ENI_CLEANUP</c> negated, default true: sweep the VPC for EsCni ENIs left detached. ENIs this
    /// node's own journal recorded as detached are deleted either way.
    /// </summary>
    public bool LeakedEniCleanup { get; init; } = true;

    /// <summary><c>ESCNI_LEAKED_ENI_SWEEP_INTERVAL_S</c>, default 3600: how often the VPC is swept for leaked ENIs.</summary>
    public TimeSpan LeakedEniSweepInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary><c>ENABLE_PREFIX_DELEGATION</c>, default false: grow the pool with /28 prefixes (16 pod addresses per ENI slot).
    /// Nitro instance types only; others, and a subnet with no free /28 (InsufficientCidrBlocks), fall back to secondary IPs.</summary>
    public bool PrefixDelegation { get; init; }

    /// <summary><c>WARM_PREFIX_TARGET</c>, default 1: with prefix delegation, whole prefixes' worth of free addresses to keep
    /// ready. WARM_IP_TARGET / MINIMUM_IP_TARGET, when set, override it (counted in addresses).</summary>
    public int WarmPrefixTarget { get; init; } = 1;

    /// <summary><c>ESCNI_MAX_PODS</c>, default 110 (kubelet's default max-pods): with prefix delegation the pool stops
    /// growing once it holds this many addresses, as the VPC CNI stops at the node's max-pods.</summary>
    public int MaxPods { get; init; } = 110;

    /// <summary>Reads the options, recording problems in <paramref name="reader"/>.</summary>
    public static WarmPoolOptions Read(SettingsReader reader)
    {
        var options = new WarmPoolOptions
        {
            WarmEniTarget = reader.Int("WARM_ENI_TARGET", 1, 0, 100),
            WarmIpTarget = reader.OptionalInt("WARM_IP_TARGET", 0, 10_000),
            MinimumIpTarget = reader.OptionalInt("MINIMUM_IP_TARGET", 0, 10_000),
            MaxEni = reader.OptionalInt("MAX_ENI", 1, 100),
            IpCooldown = reader.Seconds("IP_COOLDOWN_PERIOD", TimeSpan.FromSeconds(30), 0, 86_400),
            Interval = TimeSpan.FromMilliseconds(reader.Int("ESCNI_POOL_INTERVAL_MS", 5000, 50, 600_000)),
            ReconcileInterval = reader.Seconds("ESCNI_RECONCILE_INTERVAL_S", TimeSpan.FromSeconds(60), 1, 86_400),
            PrefixDelegation = reader.Bool("ENABLE_PREFIX_DELEGATION", false),
            WarmPrefixTarget = reader.Int("WARM_PREFIX_TARGET", 1, 0, 100),
            MaxPods = reader.Int("ESCNI_MAX_PODS", 110, 1, 10_000),
            LeakedEniCleanup = !reader.Bool("DISABLE_LEAKED_ENI_CLEANUP", false),
            LeakedEniSweepInterval = reader.Seconds("ESCNI_LEAKED_ENI_SWEEP_INTERVAL_S", TimeSpan.FromHours(1), 1, 86_400),
        };
        return options;
    }
}
