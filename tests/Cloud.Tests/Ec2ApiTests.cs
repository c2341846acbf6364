using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using EsCni.Cloud;
using Microsoft.Extensions.Time.Testing;
using SimEni = EsCni.Ec2Sim.Model.Eni;
using EsCni.Testing;

namespace EsCni.Cloud.Tests;

/// <summary>Each EC2 operation's happy path through the real SDK against the simulator.</summary>
public sealed class Ec2ApiTests : IAsyncLifetime
{
    private static readonly CancellationToken s_none = CancellationToken.None;
    private SimulatedCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await SimulatedCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task DescribeInstance_DefaultScenario_ReturnsTypeZoneSubnetAndPrimaryEni()
    {
        Ec2Result<InstanceDescription> result = await _cloud.Ec2.DescribeInstanceAsync(s_none);

        InstanceDescription instance = result.Value;
        Assert.Equal(SimulatedCloud.InstanceId, instance.InstanceId);
        Assert.Equal("m5.large", instance.InstanceType);
        Assert.Equal("us-west-2a", instance.AvailabilityZone);
        Assert.Equal(SimulatedCloud.SubnetId, instance.SubnetId);
        Assert.Equal(IPNetwork.Parse("10.10.0.0/20"), instance.SubnetCidr);
        Assert.Contains("sg-0sim000000000001", instance.SecurityGroupIds);
        Assert.Equal(SimulatedCloud.PrimaryMac, instance.PrimaryEni.MacAddress);
        Assert.Equal(IPAddress.Parse("10.10.0.10"), instance.PrimaryEni.PrimaryIp);
        Assert.Equal(0, instance.PrimaryEni.Attachment?.DeviceIndex);
        Assert.False(string.IsNullOrEmpty(result.Receipt.RequestId));
        Assert.Contains(_cloud.Ec2Calls("DescribeInstances"), c => c.RequestId == result.Receipt.RequestId);
    }

    [Fact]
    public async Task DescribeInstanceTypeLimits_M5Large_ReturnsVpcCniNumbers()
    {
        InstanceTypeLimits limits = (await _cloud.Ec2.DescribeInstanceTypeLimitsAsync("m5.large", s_none)).Value;

        Assert.Equal(3, limits.MaxEnis);
        Assert.Equal(10, limits.Ipv4PerEni);
        Assert.Equal(29, limits.MaxPods);
    }

    [Fact]
    public async Task DescribeInstanceTypeLimits_UnknownType_ThrowsCloudExceptionNamingTheType()
    {
        CloudException e = await Assert.ThrowsAnyAsync<CloudException>(() => _cloud.Ec2.DescribeInstanceTypeLimitsAsync("z9.nonsense", s_none));

        Assert.Contains("z9.nonsense", e.Message);
        Assert.Equal("DescribeInstanceTypes", e.Api);
    }

    [Fact]
    public async Task CreateEni_WithToken_TagsLikeVpcCniAndReturnsRequestIdAndToken()
    {
        string token = NewToken();

        Ec2Result<EniDescription> created = await _cloud.Ec2.CreateEniAsync(
            new CreateEniRequest(token, SimulatedCloud.SubnetId, ["sg-0sim000000000001"], SecondaryIpCount: 2), s_none);

        EniDescription eni = created.Value;
        Assert.Equal("available", eni.Status);
        Assert.Equal("escni-" + SimulatedCloud.InstanceId, eni.Description);
        Assert.Equal(SimulatedCloud.InstanceId, eni.Tags[EniTags.InstanceId]);
        Assert.True(DateTimeOffset.TryParse(eni.Tags[EniTags.CreatedAt], out _));
        Assert.Equal(token, eni.Tags[EniTags.ClientToken]);
        Assert.Equal(2, eni.SecondaryIps.Count);
        Assert.Equal(token, created.Receipt.ClientToken);
        Assert.False(created.Receipt.Recovered);
        Assert.Contains(_cloud.Ec2Calls("CreateNetworkInterface"), c => c.RequestId == created.Receipt.RequestId);
        SimEni inSim = _cloud.Simulator.FindEni(eni.EniId)!;
        Assert.Equal(token, inSim.ClientToken);
    }

    [Fact]
    public async Task CreateEni_SameTokenAgainLater_ReturnsTheFirstEni()
    {
        string token = NewToken();
        var request = new CreateEniRequest(token, SimulatedCloud.SubnetId, ["sg-0sim000000000001"], 0);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using SimulatedCloud cloud = await SimulatedCloud.StartAsync(ec2Time: clock);

        EniDescription first = (await cloud.Ec2.CreateEniAsync(request, s_none)).Value;
        clock.Advance(TimeSpan.FromSeconds(2)); // a later createdAt tag: EC2 calls that a different request under the same token
        EniDescription second = (await cloud.Ec2.CreateEniAsync(request, s_none)).Value;

        Assert.Equal(first.EniId, second.EniId);
        Assert.Single(cloud.Simulator.Enis.Values, e => e.ClientToken == token);
    }

    [Fact]
    public async Task EniLifecycle_CreateAttachAssignUnassignDetachDelete_EachStepVisibleInEc2()
    {
        EniDescription eni = (await _cloud.Ec2.CreateEniAsync(
            new CreateEniRequest(NewToken(), SimulatedCloud.SubnetId, ["sg-0sim000000000001"], 0), s_none)).Value;

        Ec2Result<EniAttachment> attached = await _cloud.Ec2.AttachEniAsync(eni.EniId, 1, s_none);
        Assert.True(attached.Value.DeleteOnTermination);
        Assert.Equal(1, attached.Value.DeviceIndex);
        IReadOnlyList<EniDescription> onInstance = (await _cloud.Ec2.DescribeInstanceEnisAsync(s_none)).Value;
        Assert.Equal([SimulatedCloud.PrimaryMac, eni.MacAddress], onInstance.Select(e => e.MacAddress));
        Assert.True(onInstance[1].Attachment!.DeleteOnTermination);

        IReadOnlyList<IPAddress> assigned = (await _cloud.Ec2.AssignIpsAsync(eni.EniId, 3, s_none)).Value;
        Assert.Equal(3, assigned.Count);
        Assert.All(assigned, ip => Assert.True(IPNetwork.Parse("10.10.0.0/20").Contains(ip)));
        Assert.Equal(assigned.OrderBy(ip => ip.ToString()), Secondaries(eni.EniId).OrderBy(ip => ip.ToString()));

        await _cloud.Ec2.UnassignIpsAsync(eni.EniId, [assigned[0]], s_none);
        Assert.DoesNotContain(assigned[0], Secondaries(eni.EniId));
        Assert.Equal(2, Secondaries(eni.EniId).Count);

        Ec2Receipt detached = await _cloud.Ec2.DetachEniAsync(attached.Value.AttachmentId, s_none);
        Assert.False(detached.Recovered);
        Assert.Null(_cloud.Simulator.FindEni(eni.EniId)!.Attachment);

        Ec2Receipt deleted = await _cloud.Ec2.DeleteEniAsync(eni.EniId, s_none);
        Assert.False(deleted.Recovered);
        Assert.Null(_cloud.Simulator.FindEni(eni.EniId));
    }

    [Fact]
    public async Task DeleteEni_AlreadyGone_SucceedsAsRecovered()
    {
        EniDescription eni = (await _cloud.Ec2.CreateEniAsync(
            new CreateEniRequest(NewToken(), SimulatedCloud.SubnetId, ["sg-0sim000000000001"], 0), s_none)).Value;
        await _cloud.Ec2.DeleteEniAsync(eni.EniId, s_none);

        Ec2Receipt again = await _cloud.Ec2.DeleteEniAsync(eni.EniId, s_none);

        Assert.True(again.Recovered);
        Assert.Equal(2, _cloud.Ec2Calls("DeleteNetworkInterface").Count);
    }

    [Fact]
    public async Task FindEniByClientToken_UnknownToken_ReturnsNull()
    {
        Ec2Result<EniDescription?> found = await _cloud.Ec2.FindEniByClientTokenAsync(NewToken(), s_none);

        Assert.Null(found.Value);
    }

    [Fact]
    public async Task ListLeakedEnis_DetachedOursOlderThanCutoff_ListedAndNewerOnesNot()
    {
        EniDescription ours = (await _cloud.Ec2.CreateEniAsync(
            new CreateEniRequest(NewToken(), SimulatedCloud.SubnetId, ["sg-0sim000000000001"], 0), s_none)).Value;
        string vpcId = (await _cloud.Ec2.DescribeInstanceAsync(s_none)).Value.VpcId;

        IReadOnlyList<EniDescription> oldCutoff = (await _cloud.Ec2.ListLeakedEnisAsync(vpcId, DateTimeOffset.UtcNow.AddMinutes(-5), s_none)).Value;
        IReadOnlyList<EniDescription> futureCutoff = (await _cloud.Ec2.ListLeakedEnisAsync(vpcId, DateTimeOffset.UtcNow.AddMinutes(1), s_none)).Value;

        Assert.DoesNotContain(oldCutoff, e => e.EniId == ours.EniId);
        Assert.Contains(futureCutoff, e => e.EniId == ours.EniId);
        Assert.DoesNotContain(futureCutoff, e => e.EniId == ours.EniId && e.Attachment is not null);
    }

    [Fact]
    public async Task EveryCall_ReportedToObserver_WithApiOutcomeAttemptsAndRequestId()
    {
        await _cloud.Ec2.DescribeInstanceTypeLimitsAsync("m5.large", s_none);
        await _cloud.Ec2.DeleteEniAsync("eni-0doesnotexist0000", s_none);

        Ec2CallRecord describe = Assert.Single(_cloud.Ledger.For("DescribeInstanceTypes"));
        Assert.Equal(Ec2CallOutcome.Succeeded, describe.Outcome);
        Assert.Equal(Ec2ApiClass.Describe, describe.Class);
        Assert.Equal(1, describe.Attempts);
        Assert.Equal(Assert.Single(_cloud.Ec2Calls("DescribeInstanceTypes")).RequestId, describe.RequestId);
        Ec2CallRecord delete = Assert.Single(_cloud.Ledger.For("DeleteNetworkInterface"));
        Assert.Equal(Ec2CallOutcome.Rejected, delete.Outcome);
        Assert.Equal(Ec2ApiClass.Mutate, delete.Class);
        Assert.Equal("InvalidNetworkInterfaceID.NotFound", delete.ErrorCode);
    }

    private IReadOnlyList<IPAddress> Secondaries(string eniId) =>
        _cloud.Simulator.FindEni(eniId)!.PrivateIps.Where(p => !p.Primary).Select(p => IPAddress.Parse(p.Address)).ToArray();

    private static string NewToken() => "escni-test-" + Guid.NewGuid().ToString("N");
}
