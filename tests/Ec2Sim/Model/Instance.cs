using System;
using System.Collections.Immutable;

namespace EsCni.Ec2Sim.Model;

/// <summary>The one simulated EC2 instance: the node the daemon runs on.</summary>
/// <param name="Id">i-… id.</param>
/// <param name="InstanceType">Its type, a key of <see cref="InstanceTypes"/>.</param>
/// <param name="AvailabilityZone">e.g. us-west-2a.</param>
/// <param name="SubnetId">The primary ENI's subnet.</param>
/// <param name="PrimaryEniId">The ENI at device index 0.</param>
/// <param name="ImageId">ami-… id, for a realistic DescribeInstances.</param>
/// <param name="LaunchTime">When the simulator started.</param>
/// <param name="IamRole">Instance-profile role whose credentials IMDS serves.</param>
/// <param name="SecurityGroups">The primary ENI's security groups.</param>
/// <param name="Tags">Instance tags.</param>
public sealed record Instance(
    string Id,
    string InstanceType,
    string AvailabilityZone,
    string SubnetId,
    string PrimaryEniId,
    string ImageId,
    DateTimeOffset LaunchTime,
    string IamRole,
    ImmutableArray<string> SecurityGroups,
    ImmutableSortedDictionary<string, string> Tags);
