using System.Net;
using Amazon.EC2.Model;

namespace EsCni.Cloud;

/// <summary>Reads about the instance itself: what it is and what its type allows.</summary>
public sealed partial class Ec2Api
{
    /// <inheritdoc />
    public async Task<Ec2Result<InstanceDescription>> DescribeInstanceAsync(CancellationToken cancellationToken)
    {
        var (response, receipt) = await CallAsync(
            "DescribeInstances", Ec2ApiClass.Describe, null,
            ct => _client.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = new List<string> { InstanceId } }, ct),
            cancellationToken).ConfigureAwait(false);
        Instance instance = (response.Reservations ?? new()).SelectMany(r => r.Instances ?? new()).FirstOrDefault(i => i.InstanceId == InstanceId)
            ?? throw new CloudException(
                $"EC2 DescribeInstances (request id {receipt.RequestId}) did not return instance {InstanceId}; check that IMDS and AWS_EC2_ENDPOINT describe the same instance.",
                "DescribeInstances", "InstanceNotFound", receipt.RequestId);

        // DescribeInstances shows the instance's ENIs without tags or prefixes; the full ENI comes from DescribeNetworkInterfaces.
        string primaryEniId = (instance.NetworkInterfaces ?? new()).FirstOrDefault(n => n.Attachment?.DeviceIndex == 0)?.NetworkInterfaceId
            ?? throw new CloudException(
                $"EC2 DescribeInstances (request id {receipt.RequestId}) shows no ENI at device index 0 on {InstanceId}; the instance is not running normally.",
                "DescribeInstances", "NoPrimaryEni", receipt.RequestId);
        var (enis, _) = await DescribeEnisAsync(new List<Filter> { FilterOf("network-interface-id", primaryEniId) }, cancellationToken).ConfigureAwait(false);
        EniDescription primary = enis.Single();

        string subnetId = instance.SubnetId ?? primary.SubnetId;
        var (subnets, subnetReceipt) = await CallAsync(
            "DescribeSubnets", Ec2ApiClass.Describe, null,
            ct => _client.DescribeSubnetsAsync(new DescribeSubnetsRequest { SubnetIds = new List<string> { subnetId } }, ct),
            cancellationToken).ConfigureAwait(false);
        Subnet subnet = (subnets.Subnets ?? new()).FirstOrDefault(s => s.SubnetId == subnetId)
            ?? throw new CloudException(
                $"EC2 DescribeSubnets (request id {subnetReceipt.RequestId}) did not return subnet {subnetId} of instance {InstanceId}.",
                "DescribeSubnets", "SubnetNotFound", subnetReceipt.RequestId);

        var description = new InstanceDescription(
            InstanceId,
            instance.InstanceType?.Value ?? string.Empty,
            instance.Placement?.AvailabilityZone ?? subnet.AvailabilityZone ?? string.Empty,
            instance.VpcId ?? primary.VpcId,
            subnetId,
            IPNetwork.Parse(subnet.CidrBlock),
            primary.SecurityGroupIds,
            primary);
        return new Ec2Result<InstanceDescription>(description, receipt);
    }

    /// <inheritdoc />
    public async Task<Ec2Result<InstanceTypeLimits>> DescribeInstanceTypeLimitsAsync(string instanceType, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceType);
        var (response, receipt) = await CallAsync(
            "DescribeInstanceTypes", Ec2ApiClass.Describe, null,
            ct => _client.DescribeInstanceTypesAsync(new DescribeInstanceTypesRequest { InstanceTypes = new List<string> { instanceType } }, ct),
            cancellationToken).ConfigureAwait(false);
        InstanceTypeInfo info = (response.InstanceTypes ?? new()).FirstOrDefault(t => t.InstanceType?.Value == instanceType)
            ?? throw new CloudException(
                $"EC2 DescribeInstanceTypes (request id {receipt.RequestId}) does not know instance type '{instanceType}'; check the type IMDS reports.",
                "DescribeInstanceTypes", "InvalidInstanceType", receipt.RequestId);
        int maxEnis = info.NetworkInfo?.MaximumNetworkInterfaces ?? 0;
        int ipv4PerEni = info.NetworkInfo?.Ipv4AddressesPerInterface ?? 0;
        if (maxEnis < 1 || ipv4PerEni < 1)
        {
            throw new CloudException(
                $"EC2 DescribeInstanceTypes (request id {receipt.RequestId}) gave {instanceType} {maxEnis} ENIs and {ipv4PerEni} IPv4 per ENI; both must be at least 1.",
                "DescribeInstanceTypes", "InvalidLimits", receipt.RequestId);
        }

        bool nitro = string.Equals(info.Hypervisor?.Value, "nitro", StringComparison.OrdinalIgnoreCase) || info.BareMetal == true;
        return new Ec2Result<InstanceTypeLimits>(new InstanceTypeLimits(instanceType, maxEnis, ipv4PerEni, nitro), receipt);
    }
}
