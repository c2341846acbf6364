namespace EsCni.Cloud;

/// <summary>What the daemon asks for when it creates an ENI.</summary>
/// <param name="ClientToken">Idempotency token (at most 64 ASCII characters). Journal it in the intent event before
/// calling, so a crash or a lost answer is settled with <see cref="IEc2Api.FindEniByClientTokenAsync"/>.</param>
/// <param name="SubnetId">Subnet to create the ENI in.</param>
/// <param name="SecurityGroupIds">Security groups, usually the primary ENI's.</param>
/// <param name="SecondaryIpCount">Secondary IPv4 addresses to assign at creation (0 for none).</param>
public sealed record CreateEniRequest(string ClientToken, string SubnetId, IReadOnlyList<string> SecurityGroupIds, int SecondaryIpCount)
{
    /// <summary>/28 prefixes to delegate at creation (Ipv4PrefixCount; 0 for none). EC2 takes either this or <see cref="SecondaryIpCount"/>, not both.</summary>
    public int Ipv4PrefixCount { get; init; }
}
