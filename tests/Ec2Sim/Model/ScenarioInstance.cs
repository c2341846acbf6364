using System.Collections.Generic;

namespace EsCni.Ec2Sim.Model;

/// <summary>The instance in a scenario file.</summary>
public sealed record ScenarioInstance
{
    /// <summary>i-… id.</summary>
    public string Id { get; init; } = "i-0sim00000000000001";

    /// <summary>Instance type; must be in <see cref="InstanceTypes"/>.</summary>
    public string InstanceType { get; init; } = "m5.large";

    /// <summary>Zone; must match the primary ENI's subnet.</summary>
    public string AvailabilityZone { get; init; } = "us-west-2a";

    /// <summary>AMI id reported by DescribeInstances.</summary>
    public string ImageId { get; init; } = "ami-0sim0000000000001";

    /// <summary>Instance-profile role whose credentials IMDS serves.</summary>
    public string IamRole { get; init; } = "escni-node";

    /// <summary>Security groups of the primary ENI (and the default for new ENIs).</summary>
    public IReadOnlyList<string> SecurityGroups { get; init; } = ["sg-0sim000000000001"];

    /// <summary>Instance tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The ENI at device index 0.</summary>
    public ScenarioEni PrimaryEni { get; init; } = new()
    {
        Id = "eni-0sim0000000000001",
        SubnetId = "subnet-0sim000000000001",
        PrimaryIp = "10.10.0.10",
        Mac = "02:00:0a:0a:00:0a",
        Description = "primary network interface",
    };

    /// <summary>Further ENIs already attached at start (device index 1 and up).</summary>
    public IReadOnlyList<ScenarioEni> ExtraEnis { get; init; } = [];
}
