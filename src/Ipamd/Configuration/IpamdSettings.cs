namespace EsCni.Ipamd.Configuration;

/// <summary>Every setting of the daemon, read and validated together so all problems are reported at once.</summary>
public sealed record IpamdSettings
{
    /// <summary>Journal, socket, endpoints, logging.</summary>
    public required DaemonOptions Daemon { get; init; }

    /// <summary>Warm-pool targets and cooldown.</summary>
    public required WarmPoolOptions WarmPool { get; init; }

    /// <summary>IPv4 or IPv6 pods (ENABLE_IPv4 / ENABLE_IPv6).</summary>
    public IpFamilyOptions IpFamily { get; init; } = new();

    /// <summary>True when pods get IPv6 addresses (ENABLE_IPv6=true): one /80 on the primary ENI, no IPv4 warm pool.</summary>
    public bool Ipv6 => IpFamily.Ipv6;

    /// <summary>ENI MTU, SNAT.</summary>
    public required HostNetworkOptions HostNetwork { get; init; }

    /// <summary>EC2 endpoint, rate limits, retries.</summary>
    public required Ec2ClientOptions Ec2 { get; init; }

    /// <summary>IMDS endpoint.</summary>
    public required ImdsOptions Imds { get; init; }

    /// <summary>The runtime GC over the CRI socket (ESCNI_CRI_*).</summary>
    public RuntimeGcOptions RuntimeGc { get; init; } = new();

    /// <summary><c>ESCNI_HOST_RECONCILE_INTERVAL_MS</c>, default 5000: how often host ENI networking is checked and repaired.</summary>
    public TimeSpan HostNetworkInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>ESCNI_POD_DRIFT_GRACE_S</c>, default 60: how long a pod's host route may disagree with the journal before it is journaled as drift.</summary>
    public TimeSpan PodDriftGrace { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>True when AWS_VPC_K8S_CNI_EXTERNALSNAT=true: SNAT is done outside the node.</summary>
    public bool UseExternalSnat => bool.TryParse(HostNetwork.ExternalSnat, out bool external) && external;

    /// <summary>Reads every area's settings.</summary>
    /// <exception cref="ConfigurationException">Any setting is invalid; the message lists them all.</exception>
    public static IpamdSettings Read(SettingsReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var problems = new List<string>();
        WarmPoolOptions warmPool = WarmPoolOptions.Read(reader);
        var settings = new IpamdSettings
        {
            Daemon = DaemonOptions.Read(reader),
            WarmPool = warmPool,
            IpFamily = IpFamilyOptions.Read(reader, warmPool.PrefixDelegation),
            HostNetwork = HostNetworkOptions.FromEnvironment(reader.Raw),
            Ec2 = Ec2ClientOptions.FromEnvironment(reader.Raw, problems),
            Imds = ImdsOptions.FromEnvironment(reader.Raw, problems),
            RuntimeGc = RuntimeGcOptions.Read(reader),
            PodDriftGrace = reader.Seconds("ESCNI_POD_DRIFT_GRACE_S", TimeSpan.FromSeconds(60), 1, 86_400),
            HostNetworkInterval = TimeSpan.FromMilliseconds(reader.Int("ESCNI_HOST_RECONCILE_INTERVAL_MS", 5000, 100, 600_000)),
        };
        foreach (string problem in settings.HostNetwork.Validate().Concat(problems))
        {
            reader.AddProblem(problem);
        }

        if (reader.Problems.Count > 0)
        {
            throw new ConfigurationException(reader.Problems);
        }

        return settings;
    }
}
