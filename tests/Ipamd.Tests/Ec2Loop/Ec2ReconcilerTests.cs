using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Cloud;
using EsCni.Ipamd.Ec2Loop;
using EsCni.Ipamd.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using EsCni.Testing;

namespace EsCni.Ipamd.Tests.Ec2Loop;

/// <summary>The reconciler settling intents a lost EC2 answer left open, against the simulator and a real journal.</summary>
public sealed class Ec2ReconcilerTests : IAsyncLifetime
{
    private static readonly CancellationToken s_none = CancellationToken.None;
    private static readonly DateTimeOffset s_start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private SimulatedNode _node = null!;

    public async Task InitializeAsync() => _node = await SimulatedNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task ReconcileAsync_ReleaseOutcomeLostAndEc2StillListsTheIp_FinishesTheReleaseInsteadOfLeavingItBlocked()
    {
        Cause cause = Cause.Of(CauseKind.WarmPool);
        EniDescription primary = _node.Identity.Instance.PrimaryEni;
        await _node.SubmitAsync(new InitNode(s_start, Cause.Of(CauseKind.Startup), _node.Identity.Instance.InstanceId, _node.Identity.Instance.InstanceType,
            _node.Identity.Instance.AvailabilityZone, new ValueList<string>(["10.10.0.0/16"]), _node.Identity.Limits.MaxEnis, _node.Identity.Limits.Ipv4PerEni, "test", TimeSpan.FromSeconds(30)));
        await _node.SubmitAsync(Attached(primary, 0));
        if (primary.SecondaryIps.Count > 0)
        {
            await _node.SubmitAsync(new RecordPoolIpsAdded(s_start, cause, primary.EniId, Ips(primary.SecondaryIps)));
        }

        (EniDescription secondary, _) = await _node.CreateEniAsync();
        await _node.Cloud.Ec2.AttachEniAsync(secondary.EniId, 1, s_none);
        IReadOnlyList<System.Net.IPAddress> assigned = (await _node.Cloud.Ec2.AssignIpsAsync(secondary.EniId, 3, s_none)).Value;
        await _node.SubmitAsync(Attached(secondary, 1));
        await _node.SubmitAsync(new RecordPoolIpsAdded(s_start, cause, secondary.EniId, Ips(assigned)));
        Ipv4Address released = Ipv4Address.FromIPAddress(assigned[0]);
        // The warm pool asked to give one IP back; the UnassignPrivateIpAddresses answer was lost and EC2 never applied it.
        await _node.SubmitAsync(new RequestPoolIpsRelease(s_start.AddMinutes(1), cause, secondary.EniId, new ValueList<Ipv4Address>([released])));

        await new Ec2Reconciler(_node.Cloud.Ec2, _node.Commands, TimeProvider.System, NullLogger.Instance, SimulatedNode.NewMetrics()).ReconcileAsync(_node.Identity, s_none);

        Assert.Empty(_node.Pool.Read(p => p.GetReleasingIps(secondary.EniId)));
        Assert.True(_node.Pool.Read(p => p.TryGetEni(secondary.EniId, out var eni) ? eni : null) is { } known && !known.Ips.Contains(released) && known.Ips.Count == 2);
        EniDescription inEc2 = (await _node.Cloud.Ec2.DescribeInstanceEnisAsync(s_none)).Value.Single(e => e.EniId == secondary.EniId);
        Assert.DoesNotContain(assigned[0], inEc2.SecondaryIps);
        Assert.Contains(_node.ReadEvents(), e => e is PoolIpsRemoved r && r.Ips.Contains(released) && r.Cause.Kind == CauseKind.Reconciler);
    }

    [Fact]
    public async Task ReconcileAsync_Slash80UnassignedInEc2_IsDriftOnceUntilEc2ShowsItAgain()
    {
        await using SimulatedNode node = await SimulatedNode.StartAsync(Ec2Sim.Model.Scenario.Default with
        {
            Vpc = new Ec2Sim.Model.ScenarioVpc { Ipv6CidrBlocks = ["2600:1f14:abc:de00::/56"] },
            Subnets = [new Ec2Sim.Model.ScenarioSubnet { Ipv6CidrBlock = "2600:1f14:abc:de01::/64" }],
        });
        EniDescription primary = node.Identity.Instance.PrimaryEni;
        await node.SubmitAsync(new InitNode(s_start, Cause.Of(CauseKind.Startup), node.Identity.Instance.InstanceId, node.Identity.Instance.InstanceType,
            node.Identity.Instance.AvailabilityZone, new ValueList<string>(["10.10.0.0/16"]), node.Identity.Limits.MaxEnis, node.Identity.Limits.Ipv4PerEni, "test", TimeSpan.FromSeconds(30)));
        await node.SubmitAsync(Attached(primary, 0));
        if (primary.SecondaryIps.Count > 0)
        {
            await node.SubmitAsync(new RecordPoolIpsAdded(s_start, Cause.Of(CauseKind.WarmPool), primary.EniId, Ips(primary.SecondaryIps)));
        }

        System.Net.IPNetwork assigned = (await node.Cloud.Ec2.AssignIpv6PrefixAsync(primary.EniId, s_none)).Value;
        Ipv6Prefix slash80 = Ipv6Prefix.Parse(assigned.ToString());
        await node.SubmitAsync(new RecordIpv6PrefixAdded(s_start, Cause.Of(CauseKind.WarmPool), primary.EniId, slash80, Ipv6PrefixAdded.FromEc2));
        var reconciler = new Ec2Reconciler(node.Cloud.Ec2, node.Commands, TimeProvider.System, NullLogger.Instance, SimulatedNode.NewMetrics());
        string subject = DriftSubject.Ipv6Prefix(slash80.ToString());

        await reconciler.ReconcileAsync(node.Identity, s_none);
        Assert.DoesNotContain(node.ReadEvents(), e => e is DriftDetected);

        // Someone unassigns the /80 behind the daemon's back: drift, recorded once however many passes see it.
        node.Cloud.Simulator.UnassignIpv6Addresses(primary.EniId, [], [assigned.ToString()]);
        await reconciler.ReconcileAsync(node.Identity, s_none);
        await reconciler.ReconcileAsync(node.Identity, s_none);
        DriftDetected drift = Assert.Single(node.ReadEvents().OfType<DriftDetected>());
        Assert.Equal(subject, drift.Subject);
        Assert.Contains("no IPv6 prefix", drift.EvidenceSays, StringComparison.Ordinal);
        Assert.Equal([slash80], node.Pool.Read(p => p.Ipv6Prefixes).Select(p => p.Prefix)); // the journal keeps the /80: its pods still use it

        // Given back to the ENI (the operator's fix): resolved.
        Assert.Equal([assigned.ToString()], node.Cloud.Simulator.AssignIpv6Addresses(primary.EniId, 0, 1).Prefixes); // the simulator hands the subnet's first free /80 back
        await reconciler.ReconcileAsync(node.Identity, s_none);
        Assert.Equal(subject, Assert.Single(node.ReadEvents().OfType<DriftResolved>()).Subject);
        Assert.Empty(node.Pool.Read(p => p.GetOpenDrifts()));
    }

    private static RecordEniAttached Attached(EniDescription eni, int deviceIndex) =>
        new(s_start, Cause.Of(CauseKind.WarmPool), eni.EniId, deviceIndex, eni.MacAddress, eni.SubnetId, "10.10.0.0/20", Ipv4Address.FromIPAddress(eni.PrimaryIp));

    private static ValueList<Ipv4Address> Ips(IEnumerable<System.Net.IPAddress> ips) => new(ips.Select(Ipv4Address.FromIPAddress).ToList());
}
