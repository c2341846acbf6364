using System.Net;
using EsCni.Cloud;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Domain.Pool;
using EsCni.Ipamd.Tests.Support;

namespace EsCni.Ipamd.Tests.Ec2Loop;

/// <summary>
/// The 0.1 bug: an IP unassigned in EC2 after a quarantine comes back on the next AssignPrivateIpAddresses, on
/// another ENI, while the journal still has it on the first; the whole batch was refused on every pass and the pool
/// never grew. Against the simulator (which hands out the lowest free address) and a real journal.
/// </summary>
public sealed class Ec2MovedIpTests : IAsyncLifetime
{
    private static readonly CancellationToken s_none = CancellationToken.None;
    private static readonly DateTimeOffset s_start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly Cause s_warmPool = Cause.Of(CauseKind.WarmPool);
    private SimulatedNode _node = null!;

    public async Task InitializeAsync() => _node = await SimulatedNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task AssignReturnsAnIpTheJournalHasOnAnotherEni_TheRestJoinsThePool_AndThatIpIsHeldNeverHandedOut()
    {
        EniDescription primary = _node.Identity.Instance.PrimaryEni;
        await _node.SubmitAsync(new InitNode(s_start, Cause.Of(CauseKind.Startup), _node.Identity.Instance.InstanceId, _node.Identity.Instance.InstanceType,
            _node.Identity.Instance.AvailabilityZone, new ValueList<string>(["10.10.0.0/16"]), _node.Identity.Limits.MaxEnis, _node.Identity.Limits.Ipv4PerEni, "test", TimeSpan.Zero));
        await _node.SubmitAsync(Attached(primary, 0));
        IReadOnlyList<IPAddress> onPrimary = (await _node.Cloud.Ec2.AssignIpsAsync(primary.EniId, 2, s_none)).Value;
        await _node.SubmitAsync(new RecordPoolIpsAdded(s_start, s_warmPool, primary.EniId, Ips(onPrimary)));

        // A pod holds the first IP; evidence disagrees, it is quarantined, and EC2 loses the assignment meanwhile.
        Decision allocated = await _node.Pool.SubmitAsync(new AllocateIp(s_start, Cause.Of(CauseKind.CniRequest), new IpamKey("escni", "c-1", "eth0"), new Pod("default", "p-1", "u-1"), "ns"), s_none);
        Ipv4Address moved = allocated.Allocation!.Ip;
        await _node.SubmitAsync(new QuarantineAllocation(s_start, Cause.Of(CauseKind.Reconciler), moved, "EC2 no longer lists it on the primary ENI"));
        (EniDescription secondary, _) = await _node.CreateEniAsync();
        await _node.Cloud.Ec2.AttachEniAsync(secondary.EniId, 1, s_none);
        await _node.SubmitAsync(Attached(secondary, 1));
        await _node.Cloud.Ec2.UnassignIpsAsync(primary.EniId, [moved.ToIPAddress()], s_none);
        await _node.SubmitAsync(new RecordPoolIpsRequested(s_start, s_warmPool, secondary.EniId, 3));
        IReadOnlyList<IPAddress> assigned = (await _node.Cloud.Ec2.AssignIpsAsync(secondary.EniId, 3, s_none)).Value;
        Assert.Contains(moved.ToIPAddress(), assigned);

        Decision added = await _node.Pool.SubmitAsync(new RecordPoolIpsAdded(s_start, s_warmPool, secondary.EniId, Ips(assigned)), s_none);

        Assert.True(added.Accepted, added.ToString());
        IpHeld hold = Assert.Single(_node.ReadEvents().OfType<IpHeld>());
        Assert.Equal((moved, HoldSource.Ec2OtherEni), (hold.Ip, hold.Source));
        IReadOnlyList<Ipv4Address> free = _node.Pool.Read(p => p.GetFreeIps(s_start));
        Assert.Equal(Ips(assigned).AsSpan().ToArray().Where(ip => ip != moved).Append(Ipv4Address.FromIPAddress(onPrimary[1])).Order(), free.Order());
        Assert.Null(_node.Pool.Read(p => p.GetEnis().Single(e => e.EniId == secondary.EniId).PendingIpRequest));
    }

    private static RecordEniAttached Attached(EniDescription eni, int deviceIndex) =>
        new(s_start, s_warmPool, eni.EniId, deviceIndex, eni.MacAddress, eni.SubnetId, "10.10.0.0/20", Ipv4Address.FromIPAddress(eni.PrimaryIp));

    private static ValueList<Ipv4Address> Ips(IEnumerable<IPAddress> ips) => new(ips.Select(Ipv4Address.FromIPAddress).ToList());
}
