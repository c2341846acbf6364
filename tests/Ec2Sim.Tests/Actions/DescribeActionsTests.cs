using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;

namespace EsCni.Ec2Sim.Tests.Actions;

/// <summary>The Describe* actions through the real SDK: every field the daemon reads deserializes.</summary>
public sealed class DescribeActionsTests
{
    [Fact]
    public async Task DescribeInstances_DefaultScenario_ReturnsInstanceWithPrimaryEni()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions { Seed = 1 });
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);

        DescribeInstancesResponse response = await ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = ["i-0sim00000000000001"] });

        Instance instance = response.Reservations.Single().Instances.Single();
        Assert.Equal("m5.large", instance.InstanceType.Value);
        Assert.Equal("us-west-2a", instance.Placement.AvailabilityZone);
        Assert.Equal("10.10.0.10", instance.PrivateIpAddress);
        InstanceNetworkInterface primary = instance.NetworkInterfaces.Single();
        Assert.Equal("eni-0sim0000000000001", primary.NetworkInterfaceId);
        Assert.Equal(0, primary.Attachment.DeviceIndex);
        Assert.Equal("02:00:0a:0a:00:0a", primary.MacAddress);
        Assert.True(primary.PrivateIpAddresses.Single().Primary);
    }

    [Fact]
    public async Task DescribeInstances_UnknownId_FailsWithInstanceNotFound()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);

        AmazonEC2Exception e = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = ["i-0000000000000dead"] }));

        Assert.Equal("InvalidInstanceID.NotFound", e.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, e.StatusCode);
        Assert.False(string.IsNullOrEmpty(e.RequestId));
    }

    [Theory]
    [InlineData("m5.large", 3, 10)]
    [InlineData("m5.xlarge", 4, 15)]
    [InlineData("m5.4xlarge", 8, 30)]
    [InlineData("c5.2xlarge", 4, 15)]
    [InlineData("t3.micro", 2, 2)]
    [InlineData("t3.large", 3, 12)]
    public async Task DescribeInstanceTypes_KnownType_ReportsVpcCniLimits(string type, int enis, int ipsPerEni)
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);

        DescribeInstanceTypesResponse response = await ec2.DescribeInstanceTypesAsync(new DescribeInstanceTypesRequest { InstanceTypes = [type] });

        NetworkInfo info = response.InstanceTypes.Single().NetworkInfo;
        Assert.Equal(enis, info.MaximumNetworkInterfaces);
        Assert.Equal(ipsPerEni, info.Ipv4AddressesPerInterface);
        Assert.Equal(ipsPerEni, info.Ipv6AddressesPerInterface);
    }

    [Fact]
    public async Task DescribeInstanceTypes_UnknownType_FailsWithInvalidInstanceType()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);

        AmazonEC2Exception e = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.DescribeInstanceTypesAsync(new DescribeInstanceTypesRequest { InstanceTypes = ["z9.huge"] }));

        Assert.Equal("InvalidInstanceType", e.ErrorCode);
    }

    [Fact]
    public async Task DescribeSubnets_AfterAssign_AvailableCountDrops()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        var request = new DescribeSubnetsRequest { Filters = [new Filter("vpc-id", ["vpc-0sim0000000000001"])] };
        Subnet before = (await ec2.DescribeSubnetsAsync(request)).Subnets.Single();

        await ec2.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest { NetworkInterfaceId = "eni-0sim0000000000001", SecondaryPrivateIpAddressCount = 3 });
        Subnet after = (await ec2.DescribeSubnetsAsync(request)).Subnets.Single();

        Assert.Equal("10.10.0.0/20", before.CidrBlock);
        Assert.Equal("us-west-2a", before.AvailabilityZone);
        Assert.Equal(4096 - 5 - 1, before.AvailableIpAddressCount);
        Assert.Equal(before.AvailableIpAddressCount - 3, after.AvailableIpAddressCount);
    }

    [Fact]
    public async Task DescribeNetworkInterfaces_Filters_SelectByTagStatusAndInstance()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        CreateNetworkInterfaceResponse created = await ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest
        {
            SubnetId = "subnet-0sim000000000001",
            Description = "aws-K8S-i-0sim00000000000001",
            TagSpecifications = [new TagSpecification { ResourceType = ResourceType.NetworkInterface, Tags = [new Tag("node.k8s.amazonaws.com/instance_id", "i-0sim00000000000001")] }],
        });
        string id = created.NetworkInterface.NetworkInterfaceId;

        async Task<string[]> Ids(params Filter[] filters) =>
            ((await ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { Filters = [.. filters] })).NetworkInterfaces ?? [])
                .Select(n => n.NetworkInterfaceId).ToArray();

        Assert.Equal([id], await Ids(new Filter("tag-key", ["node.k8s.amazonaws.com/instance_id"])));
        Assert.Equal([id], await Ids(new Filter("tag:node.k8s.amazonaws.com/instance_id", ["i-0sim*"])));
        Assert.Equal([id], await Ids(new Filter("status", ["available"]), new Filter("description", ["aws-K8S-*"])));
        Assert.Equal(["eni-0sim0000000000001"], await Ids(new Filter("attachment.instance-id", ["i-0sim00000000000001"])));
        Assert.Empty(await Ids(new Filter("subnet-id", ["subnet-0000000000000000"])));
    }

    [Fact]
    public async Task DescribeNetworkInterfaces_UnknownId_FailsWithNotFound()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);

        AmazonEC2Exception e = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { NetworkInterfaceIds = ["eni-0000000000000dead"] }));

        Assert.Equal("InvalidNetworkInterfaceID.NotFound", e.ErrorCode);
    }

    [Fact]
    public async Task DescribeNetworkInterfaces_MaxResults_PagesWithNextToken()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        for (int i = 0; i < 6; i++)
        {
            await ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = "subnet-0sim000000000001" });
        }

        DescribeNetworkInterfacesResponse first = await ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { MaxResults = 5 });
        DescribeNetworkInterfacesResponse second = await ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { MaxResults = 5, NextToken = first.NextToken });

        Assert.Equal(5, first.NetworkInterfaces.Count);
        Assert.Equal(2, second.NetworkInterfaces.Count);
        Assert.Null(second.NextToken);
        Assert.Equal(7, first.NetworkInterfaces.Concat(second.NetworkInterfaces).Select(n => n.NetworkInterfaceId).Distinct().Count());
    }
}
