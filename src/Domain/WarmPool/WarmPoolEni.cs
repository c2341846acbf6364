namespace EsCni.Domain.WarmPool;

/// <summary>What the policy needs to know about one attached ENI.</summary>
/// <param name="EniId">ENI id.</param>
/// <param name="DeviceIndex">Device index; 0 is the primary ENI, never freed.</param>
/// <param name="IpCount">Addresses in its pool: secondary IPs plus 16 per prefix.</param>
/// <param name="AllocatedCount">Of those, allocated (quarantined included).</param>
/// <param name="ReleasableIps">Free secondary IPs out of cooldown with no release in flight, sorted: the ones that may go back to EC2 (prefix addresses go back only with their prefix).</param>
/// <param name="HasCoolingIps">True when a free IP is still cooling down (the ENI is then never freed).</param>
/// <param name="AttachedAt">When it was attached (young ENIs are not freed).</param>
/// <param name="Busy">True when an assign, release or detach is in flight for it.</param>
public sealed record WarmPoolEni(string EniId, int DeviceIndex, int IpCount, int AllocatedCount, ValueList<Ipv4Address> ReleasableIps, bool HasCoolingIps, DateTimeOffset AttachedAt, bool Busy)
{
    /// <summary>Delegated /28 prefixes on it.</summary>
    public int PrefixCount { get; init; }

    /// <summary>Prefixes with no address allocated or held (the VPC CNI's free prefixes).</summary>
    public int FreePrefixCount { get; init; }

    /// <summary>Prefixes whose 16 addresses are all free and out of cooldown, sorted: the ones that may go back to EC2.</summary>
    public ValueList<Ipv4Prefix> ReleasablePrefixes { get; init; } = ValueList<Ipv4Prefix>.Empty;

    /// <summary>IPv4 slots used against the ENI's limit: one per secondary IP, one per prefix.</summary>
    public int UsedSlots => IpCount - (PrefixCount * (Ipv4Prefix.Size - 1));
}
