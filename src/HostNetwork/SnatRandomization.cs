namespace EsCni.HostNetwork;

/// <summary>How the SNAT rule picks source ports (AWS_VPC_K8S_CNI_RANDOMIZESNAT).</summary>
public enum SnatRandomization
{
    /// <summary>`prng`: `--random-fully` (falls back to `--random` when iptables lacks it); the VPC CNI default.</summary>
    Prng,

    /// <summary>`hashrandom`: `--random`.</summary>
    HashRandom,

    /// <summary>`none`: sequential ports.</summary>
    None,
}
