namespace EsCni.Integration.Support;

/// <summary>
/// An IPv6 node (issue #17) as the integration tests start it: the daemon's settings and a simulator scenario whose VPC
/// and subnet have IPv6 CIDRs (the same as tests/Golden/v0.2/ipv6/node/scenario.json, which the golden journal was written on).
/// </summary>
internal static class Ipv6Node
{
    /// <summary>The subnet's IPv6 CIDR; the node's /80 is carved from it.</summary>
    public const string SubnetIpv6 = "2600:1f14:abc:de01::/64";

    /// <summary>The simulator scenario: the default node (m5.large), its VPC and subnet with IPv6 CIDRs.</summary>
    public const string Scenario = """
        {
          "vpc": { "id": "vpc-0sim0000000000001", "cidrBlocks": ["10.10.0.0/16"], "ipv6CidrBlocks": ["2600:1f14:abc:de00::/56"] },
          "subnets": [{ "id": "subnet-0sim000000000001", "cidrBlock": "10.10.0.0/20", "availabilityZone": "us-west-2a", "ipv6CidrBlock": "2600:1f14:abc:de01::/64" }],
          "instance": { "instanceType": "m5.large" }
        }
        """;

    /// <summary>IPv6 mode: ENABLE_IPv6 needs prefix delegation, as in the VPC CNI.</summary>
    public static Dictionary<string, string> DaemonEnvironment() => new() { ["ENABLE_IPv6"] = "true", ["ENABLE_PREFIX_DELEGATION"] = "true" };
}
