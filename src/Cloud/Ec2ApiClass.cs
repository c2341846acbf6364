namespace EsCni.Cloud;

/// <summary>The EC2 throttling class an API belongs to; each class has its own token bucket and circuit breaker.</summary>
/// <remarks>
/// EC2 meters an account's calls in separate buckets for non-mutating (Describe*) and mutating actions, so a
/// burst of describes must never starve an ENI attach and vice versa. We mirror that split on the node.
/// </remarks>
public enum Ec2ApiClass
{
    /// <summary>Non-mutating actions: DescribeInstances, DescribeInstanceTypes, DescribeNetworkInterfaces, DescribeSubnets.</summary>
    Describe,

    /// <summary>Mutating actions: create/attach/detach/delete ENIs, assign/unassign IPs, modify attributes, tag.</summary>
    Mutate,
}
