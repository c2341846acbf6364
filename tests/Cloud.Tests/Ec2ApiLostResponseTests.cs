using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EsCni.Cloud;
using EsCni.Testing;

namespace EsCni.Cloud.Tests;

/// <summary>Responses lost after EC2 applied the change: the hard case for a client that must not duplicate ENIs or IPs.</summary>
public sealed class Ec2ApiLostResponseTests
{
    private static readonly CancellationToken s_none = CancellationToken.None;

    [Fact]
    public async Task CreateEni_EveryResponseLost_FindsTheEniByTokenAndExactlyOneExists()
    {
        await using SimulatedCloud cloud = await SimulatedCloud.StartAsync(o => o.Retry.MaxRetries = 2);
        await cloud.SetFaultsAsync(new { lostResponseRate = 1.0, lostResponseActions = new[] { "CreateNetworkInterface" }, lostResponseMode = "abort" });
        string token = "escni-lost-" + Guid.NewGuid().ToString("N");

        Ec2Result<EniDescription> created = await cloud.Ec2.CreateEniAsync(
            new CreateEniRequest(token, SimulatedCloud.SubnetId, ["sg-0sim000000000001"], 1), s_none);

        Assert.True(created.Receipt.Recovered);
        Assert.Equal(token, created.Receipt.ClientToken);
        Assert.Equal(3, cloud.Ec2Calls("CreateNetworkInterface").Count(c => c.Outcome == "lost"));
        var ours = cloud.Simulator.Enis.Values.Where(e => e.Description == "escni-" + SimulatedCloud.InstanceId).ToArray();
        Assert.Equal(created.Value.EniId, Assert.Single(ours).Id);
        Ec2CallRecord record = Assert.Single(cloud.Ledger.For("CreateNetworkInterface"));
        Assert.Equal((Ec2CallOutcome.Unavailable, "ConnectionLost", 3), (record.Outcome, record.ErrorCode, record.Attempts));
    }

    [Fact]
    public async Task CreateEni_FirstResponseHeldPastTimeout_RetryWithSameTokenReturnsSameEni()
    {
        await using SimulatedCloud cloud = await SimulatedCloud.StartAsync(o => o.AttemptTimeout = TimeSpan.FromSeconds(1));
        await cloud.SetFaultsAsync(new { lostResponseRate = 1.0, lostResponseActions = new[] { "CreateNetworkInterface" }, lostResponseMode = "delay", lostResponseDelayMs = 5000 });
        string token = "escni-held-" + Guid.NewGuid().ToString("N");
        Task<Ec2Result<EniDescription>> create = cloud.Ec2.CreateEniAsync(new CreateEniRequest(token, SimulatedCloud.SubnetId, ["sg-0sim000000000001"], 0), s_none);

        // Let the first attempt be applied and its response held, then let EC2 answer again. Waiting for the ENI alone
        // is not enough: the simulator creates it before it decides to hold the answer, and a fault change in between
        // lets the first attempt through (seen on a loaded machine: one attempt, nothing to retry).
        await Poll.UntilAsync(
            () => cloud.Ec2Calls("CreateNetworkInterface").Any(c => c.Outcome == "lost"),
            "the simulator to hold the first CreateNetworkInterface response",
            TimeSpan.FromSeconds(20));
        Assert.Contains(cloud.Simulator.Enis.Values, e => e.ClientToken == token);
        await cloud.SetFaultsAsync(new { lostResponseRate = 0.0 });
        Ec2Result<EniDescription> created = await create;

        // What the simulator served and what the client recorded, for a failure message that says which step differed.
        string seen = $"receipt {created.Receipt}; simulator calls: "
            + string.Join(", ", cloud.Ec2Calls("CreateNetworkInterface").Select(c => c.Outcome))
            + "; ledger: " + string.Join(", ", cloud.Ledger.For("CreateNetworkInterface").Select(r => $"{r.Outcome}/{r.ErrorCode}/{r.Attempts}"));
        Assert.False(created.Receipt.Recovered, seen);
        Assert.True(created.Receipt.Attempts >= 2, seen);
        var ours = cloud.Simulator.Enis.Values.Where(e => e.ClientToken == token).ToArray();
        Assert.True(ours.Length == 1 && ours[0].Id == created.Value.EniId, seen);
        Assert.True(cloud.Ledger.For("CreateNetworkInterface").Single().Outcome == Ec2CallOutcome.Succeeded, seen);
    }

    [Fact]
    public async Task AssignIps_ResponseLost_NotRepeatedAndReportedAsOutcomeUnknown()
    {
        await using SimulatedCloud cloud = await SimulatedCloud.StartAsync();
        EniDescription eni = (await cloud.Ec2.CreateEniAsync(
            new CreateEniRequest("escni-assign-" + Guid.NewGuid().ToString("N"), SimulatedCloud.SubnetId, ["sg-0sim000000000001"], 0), s_none)).Value;
        await cloud.SetFaultsAsync(new { lostResponseRate = 1.0, lostResponseActions = new[] { "AssignPrivateIpAddresses" }, lostResponseMode = "abort" });

        Ec2UnavailableException e = await Assert.ThrowsAsync<Ec2UnavailableException>(() => cloud.Ec2.AssignIpsAsync(eni.EniId, 2, s_none));

        // Repeating a count-based assign would have assigned 4; the daemon settles the 2 by describing.
        Assert.True(e.OutcomeUnknown);
        Assert.Contains("describe", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Single(cloud.Ec2Calls("AssignPrivateIpAddresses"));
        Assert.Equal(2, cloud.Simulator.FindEni(eni.EniId)!.PrivateIps.Count(p => !p.Primary));
    }

    [Fact]
    public async Task AttachEni_ResponseLost_RecoveredFromDescribe()
    {
        await using SimulatedCloud cloud = await SimulatedCloud.StartAsync(o => o.Retry.MaxRetries = 1);
        EniDescription eni = (await cloud.Ec2.CreateEniAsync(
            new CreateEniRequest("escni-attach-" + Guid.NewGuid().ToString("N"), SimulatedCloud.SubnetId, ["sg-0sim000000000001"], 0), s_none)).Value;
        await cloud.SetFaultsAsync(new { lostResponseRate = 1.0, lostResponseActions = new[] { "AttachNetworkInterface" }, lostResponseMode = "abort" });

        Ec2Result<EniAttachment> attached = await cloud.Ec2.AttachEniAsync(eni.EniId, 1, s_none);

        Assert.True(attached.Receipt.Recovered);
        Assert.Equal(cloud.Simulator.FindEni(eni.EniId)!.Attachment!.AttachmentId, attached.Value.AttachmentId);
        Assert.True(attached.Value.DeleteOnTermination);
    }

    [Fact]
    public async Task UnassignIps_ResponseLost_SucceedsOnceTheAddressesAreGone()
    {
        await using SimulatedCloud cloud = await SimulatedCloud.StartAsync(o => o.Retry.MaxRetries = 1);
        EniDescription eni = (await cloud.Ec2.CreateEniAsync(
            new CreateEniRequest("escni-unassign-" + Guid.NewGuid().ToString("N"), SimulatedCloud.SubnetId, ["sg-0sim000000000001"], 3), s_none)).Value;
        await cloud.SetFaultsAsync(new { lostResponseRate = 1.0, lostResponseActions = new[] { "UnassignPrivateIpAddresses" }, lostResponseMode = "abort" });

        await cloud.Ec2.UnassignIpsAsync(eni.EniId, [eni.SecondaryIps[0], eni.SecondaryIps[1]], s_none);

        Assert.Equal([eni.SecondaryIps[2].ToString()], cloud.Simulator.FindEni(eni.EniId)!.PrivateIps.Where(p => !p.Primary).Select(p => p.Address));
        Assert.Equal(2, cloud.Ec2Calls("UnassignPrivateIpAddresses").Count);
    }
}
