using System.Net;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.HostNetwork;
using EsCni.Ipamd.HostRepair;
using EsCni.Ipamd.Tests.Support;

namespace EsCni.Ipamd.Tests.HostRepair;

/// <summary>What the guard holds and when it lifts, from host states as <see cref="PodHostRoutes"/> reads them, against a real journal.</summary>
public sealed class HostEvidenceGuardTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly PodVeth s_strangerVeth = new("eni00000000001", 7, "aa:bb:cc:dd:ee:01", true, PeerNetnsId: 3, PeerIndex: 2);
    private SimulatedNode _node = null!;

    public async Task InitializeAsync() => _node = await SimulatedNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Compare_HoldsOnlyRoutesToVethsIntoAnotherNamespace_AndLiftsAfterTwoScansWithout()
    {
        var guard = new HostEvidenceGuard();
        var localVeth = new PodVeth("eni00000000002", 8, "aa:bb:cc:dd:ee:02", true);
        PodHostState running = State([Route("10.10.0.50", s_strangerVeth.Name), Route("10.10.0.51", localVeth.Name)], [s_strangerVeth, localVeth]);

        PoolCommand hold = Assert.Single(guard.Compare(_node.Pool, running, s_now));
        await _node.SubmitAsync(hold);
        HoldIp held = Assert.IsType<HoldIp>(hold);
        Assert.Equal((Ip("10.10.0.50"), "eni00000000001", "netnsid 3", 2), (held.Ip, held.HostVeth, held.PeerNetns, held.PeerIfIndex));
        Assert.Empty(guard.Compare(_node.Pool, running, s_now));

        PodHostState gone = State([], []);
        Assert.Empty(guard.Compare(_node.Pool, gone, s_now));
        Assert.Empty(guard.Compare(_node.Pool, running, s_now)); // back (a sandbox re-created): the count starts over
        Assert.Empty(guard.Compare(_node.Pool, gone, s_now));
        LiftHold lift = Assert.IsType<LiftHold>(Assert.Single(guard.Compare(_node.Pool, gone, s_now)));
        Assert.Equal(Ip("10.10.0.50"), lift.Ip);
        await _node.SubmitAsync(lift);
        Assert.Empty(_node.Pool.Read(p => p.GetHolds()));
    }

    [Fact]
    public async Task Compare_IpJustReleasedByADelWhoseVethIsStillThere_IsNotHeldWhileCooling()
    {
        var limits = _node.Identity.Limits;
        await _node.SubmitAsync(new InitNode(s_now, Cause.Of(CauseKind.Startup), "i-1", "m5.large", "az", new ValueList<string>(["10.10.0.0/16"]), limits.MaxEnis, limits.Ipv4PerEni, "test", TimeSpan.FromSeconds(30)));
        await _node.SubmitAsync(new RecordEniAttached(s_now, Cause.Of(CauseKind.WarmPool), "eni-1", 0, "02:00:00:00:00:01", "subnet-1", "10.10.0.0/20", Ip("10.10.0.10")));
        await _node.SubmitAsync(new RecordPoolIpsAdded(s_now, Cause.Of(CauseKind.WarmPool), "eni-1", new ValueList<Ipv4Address>([Ip("10.10.0.50")])));
        IpamKey key = new("escni", "c-1", "eth0");
        await _node.SubmitAsync(new AllocateIp(s_now, Cause.Of(CauseKind.CniRequest), key, new Pod("default", "p", "u"), "ns"));
        await _node.SubmitAsync(new ReleaseIpByKey(s_now, Cause.Of(CauseKind.CniRequest), key, ReleaseReason.CniDel));
        PodHostState running = State([Route("10.10.0.50", s_strangerVeth.Name)], [s_strangerVeth]);

        Assert.Empty(new HostEvidenceGuard().Compare(_node.Pool, running, s_now.AddSeconds(10)));
        Assert.IsType<HoldIp>(Assert.Single(new HostEvidenceGuard().Compare(_node.Pool, running, s_now.AddSeconds(31))));
    }

    private static PodHostState State(IReadOnlyList<PodHostRoute> routes, IReadOnlyList<PodVeth> veths) => new([], [], routes, veths);

    private static PodHostRoute Route(string ip, string device) => new(IPAddress.Parse(ip), device);

    private static Ipv4Address Ip(string ip) => Ipv4Address.FromIPAddress(IPAddress.Parse(ip));
}
