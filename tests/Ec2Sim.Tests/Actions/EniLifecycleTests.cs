using System.Linq;
using System.Threading.Tasks;
using Amazon.EC2;
using Amazon.EC2.Model;
using EsCni.Ec2Sim.Model;
using EsCni.Testing;

namespace EsCni.Ec2Sim.Tests.Actions;

/// <summary>Create, attach, modify, tag, detach, delete through the real SDK, and the rules EC2 enforces on them.</summary>
public sealed class EniLifecycleTests
{
    private const string SubnetId = "subnet-0sim000000000001";
    private const string InstanceId = "i-0sim00000000000001";

    [Fact]
    public async Task CreateAttachDetachDelete_HappyPath_StatesFollowEc2()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);

        NetworkInterface created = (await ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest
        {
            SubnetId = SubnetId,
            Description = "aws-K8S-i-0sim00000000000001",
            Groups = ["sg-0sim000000000002"],
            SecondaryPrivateIpAddressCount = 4,
            TagSpecifications = [new TagSpecification { ResourceType = ResourceType.NetworkInterface, Tags = [new Tag("cluster.k8s.amazonaws.com/name", "demo")] }],
        })).NetworkInterface;
        Assert.Equal("available", created.Status.Value);
        Assert.Equal(5, created.PrivateIpAddresses.Count);
        Assert.Single(created.PrivateIpAddresses, p => p.Primary == true);
        Assert.Equal("sg-0sim000000000002", created.Groups.Single().GroupId);
        Assert.Equal("demo", created.TagSet.Single().Value);
        Assert.Matches("^02:00:0a:0a:", created.MacAddress);

        AttachNetworkInterfaceResponse attached = await ec2.AttachNetworkInterfaceAsync(new AttachNetworkInterfaceRequest
        {
            NetworkInterfaceId = created.NetworkInterfaceId,
            InstanceId = InstanceId,
            DeviceIndex = 1,
        });
        await ec2.ModifyNetworkInterfaceAttributeAsync(new ModifyNetworkInterfaceAttributeRequest
        {
            NetworkInterfaceId = created.NetworkInterfaceId,
            Attachment = new NetworkInterfaceAttachmentChanges { AttachmentId = attached.AttachmentId, DeleteOnTermination = true },
        });
        NetworkInterface inUse = (await ec2.DescribeNetworkInterfacesAsync(new DescribeNetworkInterfacesRequest { NetworkInterfaceIds = [created.NetworkInterfaceId] })).NetworkInterfaces.Single();
        Assert.Equal("in-use", inUse.Status.Value);
        Assert.Equal(attached.AttachmentId, inUse.Attachment.AttachmentId);
        Assert.Equal(1, inUse.Attachment.DeviceIndex);
        Assert.True(inUse.Attachment.DeleteOnTermination);
        Assert.Equal("attached", inUse.Attachment.Status.Value);

        await ec2.DetachNetworkInterfaceAsync(new DetachNetworkInterfaceRequest { AttachmentId = attached.AttachmentId });
        Assert.Equal(EniStatus.Available, sim.Simulator.FindEni(created.NetworkInterfaceId)!.Status);
        await ec2.DeleteNetworkInterfaceAsync(new DeleteNetworkInterfaceRequest { NetworkInterfaceId = created.NetworkInterfaceId });

        Assert.Null(sim.Simulator.FindEni(created.NetworkInterfaceId));
        Assert.Equal(
            ["CreateNetworkInterface", "AttachNetworkInterface", "ModifyNetworkInterfaceAttribute", "DescribeNetworkInterfaces", "DetachNetworkInterface", "DeleteNetworkInterface"],
            sim.Calls.Snapshot().Where(c => c.Api == "ec2").Select(c => c.Action));
    }

    [Fact]
    public async Task CreateNetworkInterface_SameClientTokenTwice_ReturnsSameEni()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        var request = new CreateNetworkInterfaceRequest { SubnetId = SubnetId, ClientToken = "token-1", SecondaryPrivateIpAddressCount = 2 };

        NetworkInterface first = (await ec2.CreateNetworkInterfaceAsync(request)).NetworkInterface;
        NetworkInterface again = (await ec2.CreateNetworkInterfaceAsync(request)).NetworkInterface;

        Assert.Equal(first.NetworkInterfaceId, again.NetworkInterfaceId);
        Assert.Equal(2, sim.Simulator.Enis.Count);
    }

    [Fact]
    public async Task CreateNetworkInterface_SameClientTokenOtherParameters_FailsWithIdempotentParameterMismatch()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        await ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = SubnetId, ClientToken = "token-2" });

        AmazonEC2Exception e = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = SubnetId, ClientToken = "token-2", Description = "other" }));

        Assert.Equal("IdempotentParameterMismatch", e.ErrorCode);
    }

    [Fact]
    public async Task AttachNetworkInterface_DeviceIndexTaken_FailsWithInvalidParameterValue()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        string eni = (await ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = SubnetId })).NetworkInterface.NetworkInterfaceId;

        AmazonEC2Exception e = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.AttachNetworkInterfaceAsync(new AttachNetworkInterfaceRequest { NetworkInterfaceId = eni, InstanceId = InstanceId, DeviceIndex = 0 }));

        Assert.Equal("InvalidParameterValue", e.ErrorCode);
        Assert.Contains("device index '0'", e.Message, System.StringComparison.Ordinal);
        Assert.Equal(EniStatus.Available, sim.Simulator.FindEni(eni)!.Status);
    }

    [Fact]
    public async Task AttachNetworkInterface_BeyondInstanceTypeLimit_FailsWithAttachmentLimitExceeded()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        for (int index = 1; index <= 2; index++)
        {
            string eni = (await ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = SubnetId })).NetworkInterface.NetworkInterfaceId;
            await ec2.AttachNetworkInterfaceAsync(new AttachNetworkInterfaceRequest { NetworkInterfaceId = eni, InstanceId = InstanceId, DeviceIndex = index });
        }
        string fourth = (await ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = SubnetId })).NetworkInterface.NetworkInterfaceId;

        AmazonEC2Exception e = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.AttachNetworkInterfaceAsync(new AttachNetworkInterfaceRequest { NetworkInterfaceId = fourth, InstanceId = InstanceId, DeviceIndex = 3 }));

        Assert.Equal("AttachmentLimitExceeded", e.ErrorCode);
    }

    [Fact]
    public async Task DeleteNetworkInterface_WhileAttached_FailsWithInUse()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        string eni = (await ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = SubnetId })).NetworkInterface.NetworkInterfaceId;
        await ec2.AttachNetworkInterfaceAsync(new AttachNetworkInterfaceRequest { NetworkInterfaceId = eni, InstanceId = InstanceId, DeviceIndex = 1 });

        AmazonEC2Exception e = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.DeleteNetworkInterfaceAsync(new DeleteNetworkInterfaceRequest { NetworkInterfaceId = eni }));

        Assert.Equal("InvalidNetworkInterface.InUse", e.ErrorCode);
        Assert.NotNull(sim.Simulator.FindEni(eni));
    }

    [Fact]
    public async Task DetachNetworkInterface_PrimaryEni_FailsWithOperationNotPermitted()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        string attachmentId = sim.Simulator.FindEni("eni-0sim0000000000001")!.Attachment!.AttachmentId;

        AmazonEC2Exception e = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.DetachNetworkInterfaceAsync(new DetachNetworkInterfaceRequest { AttachmentId = attachmentId }));

        Assert.Equal("OperationNotPermitted", e.ErrorCode);
    }

    [Fact]
    public async Task AttachNetworkInterface_WithAttachDelay_IsAttachingThenInUse()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions { Faults = new() { AttachDelayMs = 300 } });
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        string eni = (await ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = SubnetId })).NetworkInterface.NetworkInterfaceId;

        await ec2.AttachNetworkInterfaceAsync(new AttachNetworkInterfaceRequest { NetworkInterfaceId = eni, InstanceId = InstanceId, DeviceIndex = 1 });
        EniStatus right = sim.Simulator.FindEni(eni)!.Status;
        await Poll.UntilAsync(() => sim.Simulator.FindEni(eni)!.Status == EniStatus.InUse, "the ENI to be in-use");

        Assert.Equal(EniStatus.Attaching, right);
    }

    [Fact]
    public async Task CreateTagsAndModify_OnEni_ChangeTagsGroupsAndDescription()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);
        string eni = (await ec2.CreateNetworkInterfaceAsync(new CreateNetworkInterfaceRequest { SubnetId = SubnetId })).NetworkInterface.NetworkInterfaceId;

        await ec2.CreateTagsAsync(new CreateTagsRequest { Resources = [eni], Tags = [new Tag("node.k8s.amazonaws.com/createdAt", "2026-11-27T21:00:00Z")] });
        await ec2.ModifyNetworkInterfaceAttributeAsync(new ModifyNetworkInterfaceAttributeRequest { NetworkInterfaceId = eni, Groups = ["sg-0sim000000000009"] });
        await ec2.ModifyNetworkInterfaceAttributeAsync(new ModifyNetworkInterfaceAttributeRequest { NetworkInterfaceId = eni, Description = "renamed" });
        await ec2.ModifyNetworkInterfaceAttributeAsync(new ModifyNetworkInterfaceAttributeRequest { NetworkInterfaceId = eni, SourceDestCheck = false });

        Eni state = sim.Simulator.FindEni(eni)!;
        Assert.Equal("2026-11-27T21:00:00Z", state.Tags["node.k8s.amazonaws.com/createdAt"]);
        Assert.Equal(["sg-0sim000000000009"], state.SecurityGroups);
        Assert.Equal("renamed", state.Description);
        Assert.False(state.SourceDestCheck);
    }

    [Fact]
    public async Task CreateTags_UnknownEni_FailsWithNotFound()
    {
        await using Ec2SimHandle sim = await Ec2SimHost.StartAsync(new SimOptions());
        using AmazonEC2Client ec2 = SimClients.Ec2(sim);

        AmazonEC2Exception e = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            ec2.CreateTagsAsync(new CreateTagsRequest { Resources = ["eni-0000000000000dead"], Tags = [new Tag("k", "v")] }));

        Assert.Equal("InvalidNetworkInterfaceID.NotFound", e.ErrorCode);
    }
}
