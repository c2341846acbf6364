using System.Net;

namespace EsCni.Cloud;

/// <summary>This instance as EC2 describes it: what the daemon needs at start to size and place its ENIs.</summary>
/// <param name="InstanceId">i-… id.</param>
/// <param name="InstanceType">e.g. <c>m5.large</c>.</param>
/// <param name="AvailabilityZone">e.g. <c>us-west-2a</c>.</param>
/// <param name="VpcId">The instance's VPC.</param>
/// <param name="SubnetId">The primary ENI's subnet, where new ENIs go unless custom networking says otherwise.</param>
/// <param name="SubnetCidr">That subnet's IPv4 CIDR.</param>
/// <param name="SecurityGroupIds">The primary ENI's security groups, copied onto new ENIs.</param>
/// <param name="PrimaryEni">The ENI at device index 0.</param>
/// <remarks>VPC CIDRs are not here: EC2 lists them only through DescribeVpcs, a call the node does not need —
/// read them from <see cref="ImdsClient.GetVpcIpv4CidrsAsync"/> as the VPC CNI does.</remarks>
public sealed record InstanceDescription(
    string InstanceId,
    string InstanceType,
    string AvailabilityZone,
    string VpcId,
    string SubnetId,
    IPNetwork SubnetCidr,
    IReadOnlyList<string> SecurityGroupIds,
    EniDescription PrimaryEni);
