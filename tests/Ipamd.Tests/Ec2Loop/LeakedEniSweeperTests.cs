using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Domain.Pool;
using EsCni.Cloud;
using EsCni.Ipamd.Ec2Loop;
using EsCni.Ipamd.Tests.Pool;
using EsCni.Ipamd.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using EsCni.Testing;

namespace EsCni.Ipamd.Tests.Ec2Loop;

/// <summary>
/// Leaked ENIs given back, against the EC2 simulator through the real SDK and a real journal: the journal's
/// detached-but-not-deleted ENIs, and EsCni ENIs left available in the VPC that no journal here knows.
/// </summary>
public sealed class LeakedEniSweeperTests : IAsyncLifetime
{
    private static readonly CancellationToken s_none = CancellationToken.None;
    private SimulatedNode _node = null!;

    public async Task InitializeAsync()
    {
        _node = await SimulatedNode.StartAsync();
        await PoolScenario.InitAsync(_node.Pool, 4);
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task RunAsync_EniDetachedInJournalButNeverDeleted_DeletedInEc2AndJournaledAsEniDeleted()
    {
        (EniDescription eni, string token) = await _node.CreateEniAsync();
        await _node.SubmitAsync(Attached(eni, deviceIndex: 1));
        await _node.SubmitAsync(new RecordEniDetached(PoolScenario.Start.AddMinutes(2), Cause.Of(CauseKind.WarmPool), eni.EniId));
        // The crash window: detached in EC2 and in the journal, DeleteNetworkInterface never sent.

        await Sweeper(TimeProvider.System, vpcSweep: null).RunAsync(_node.Identity, s_none);

        Assert.Null((await _node.Cloud.Ec2.FindEniByClientTokenAsync(token, s_none)).Value);
        Assert.Empty(_node.Pool.Read(p => p.GetUnattachedEnis()));
        Assert.Contains(_node.ReadEvents(), e => e is EniDeleted d && d.EniId == eni.EniId);
    }

    [Fact]
    public async Task RunAsync_LeakedEniInVpc_DeletedOnlyOnceOlderThanFiveMinutes_JournaledAsDriftDetectedAndResolved()
    {
        (EniDescription leaked, string leakedToken) = await _node.CreateEniAsync();

        await Sweeper(TimeProvider.System, TimeSpan.FromHours(1)).RunAsync(_node.Identity, s_none);
        Assert.NotNull((await _node.Cloud.Ec2.FindEniByClientTokenAsync(leakedToken, s_none)).Value); // young: maybe about to be attached

        await Sweeper(new ShiftedTime(TimeSpan.FromMinutes(10)), TimeSpan.FromHours(1)).RunAsync(_node.Identity, s_none);

        Assert.Null((await _node.Cloud.Ec2.FindEniByClientTokenAsync(leakedToken, s_none)).Value);
        List<DomainEvent> events = _node.ReadEvents();
        DriftDetected detected = Assert.Single(events.OfType<DriftDetected>(), d => d.Subject == "eni:" + leaked.EniId);
        Assert.Contains(SimulatedCloud.InstanceId, detected.EvidenceSays, StringComparison.Ordinal);
        Assert.Contains(events.OfType<DriftResolved>(), r => r.Subject == "eni:" + leaked.EniId && r.Resolution.Contains("deleted", StringComparison.Ordinal));
        Assert.Empty(_node.Pool.Read(p => p.GetOpenDrifts()));
    }

    [Fact]
    public async Task RunAsync_AvailableEniTheJournalHoldsAsAttached_NotDeletedByTheSweep()
    {
        // EC2 says available, the journal says attached: that disagreement is the reconciler's to settle (it may
        // hold live pods' allocations), never the sweep's to delete.
        (EniDescription known, string knownToken) = await _node.CreateEniAsync();
        await _node.SubmitAsync(Attached(known, deviceIndex: 2));

        await Sweeper(new ShiftedTime(TimeSpan.FromMinutes(10)), TimeSpan.FromHours(1)).RunAsync(_node.Identity, s_none);

        Assert.NotNull((await _node.Cloud.Ec2.FindEniByClientTokenAsync(knownToken, s_none)).Value);
        Assert.DoesNotContain(_node.ReadEvents(), e => e is DriftDetected d && d.Subject == "eni:" + known.EniId);
    }

    private LeakedEniSweeper Sweeper(TimeProvider time, TimeSpan? vpcSweep) =>
        new(_node.Cloud.Ec2, _node.Commands, time, NullLogger.Instance, SimulatedNode.NewMetrics(), vpcSweep);

    private static RecordEniAttached Attached(EniDescription eni, int deviceIndex) =>
        new(PoolScenario.Start.AddMinutes(1), Cause.Of(CauseKind.WarmPool), eni.EniId, deviceIndex, eni.MacAddress, eni.SubnetId, "10.10.0.0/16", Ipv4Address.FromIPAddress(eni.PrimaryIp));

    private sealed class ShiftedTime(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }
}
