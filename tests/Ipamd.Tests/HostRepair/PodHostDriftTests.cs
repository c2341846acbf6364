using System.Net;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.HostNetwork;
using EsCni.Ipamd.HostRepair;
using EsCni.Ipamd.Tests.Support;

namespace EsCni.Ipamd.Tests.HostRepair;

/// <summary>The host-versus-journal comparison for IPv6 pods (/128 routes, prio-512 rules), against a real journal.</summary>
public sealed class PodHostDriftTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_grace = TimeSpan.FromSeconds(60);
    private static readonly PodHostState s_noIpv4 = new([], [], [], []);
    private SimulatedNode _node = null!;

    public async Task InitializeAsync() => _node = await SimulatedNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Compare_Ipv6PodWithoutRuleThenStrayRoute_DriftsAfterGraceAndResolvesWhenHostAgrees()
    {
        Ipv6Address pod = await AllocateIpv6Async("c-1");
        var drift = new PodHostDrift(s_grace);
        PodHostIpv6State wired = new([Rule(pod)], [Route(pod)]);
        PodHostIpv6State noRule = new([], [Route(pod)]);

        Assert.Empty(drift.Compare(_node.Pool, s_noIpv4, s_now.AddMinutes(2), wired));
        Assert.Empty(drift.Compare(_node.Pool, s_noIpv4, s_now.AddMinutes(2), noRule)); // first seen: within grace
        RecordDrift missing = Assert.IsType<RecordDrift>(Assert.Single(drift.Compare(_node.Pool, s_noIpv4, s_now.AddMinutes(3), noRule)));
        Assert.Equal($"host:pod:{pod}", missing.Subject);
        Assert.Contains($"no `to {pod} lookup main prio 512` rule", missing.EvidenceSays, StringComparison.Ordinal);
        await _node.SubmitAsync(missing);

        ResolveDrift resolved = Assert.IsType<ResolveDrift>(Assert.Single(drift.Compare(_node.Pool, s_noIpv4, s_now.AddMinutes(4), wired)));
        Assert.Equal(missing.Subject, resolved.Subject);
    }

    [Fact]
    public async Task Compare_HostRouteToAnUnallocatedIpv6Address_DriftsAfterGrace()
    {
        await AllocateIpv6Async("c-1");
        Ipv6Address stray = Ipv6Address.Parse("2600:1f14:abc:de01:1234::99");
        var drift = new PodHostDrift(s_grace);
        PodHostIpv6State host = new([], [Route(stray)]);

        Assert.DoesNotContain(drift.Compare(_node.Pool, s_noIpv4, s_now, host), c => c is RecordDrift); // first seen: within grace
        IReadOnlyList<PoolCommand> later = drift.Compare(_node.Pool, s_noIpv4, s_now.AddMinutes(2), host);

        Assert.Contains(later, c => c is RecordDrift d && d.Subject == $"host:pod:{stray}" && d.JournalSays == $"{stray} is not allocated");
    }

    private async Task<Ipv6Address> AllocateIpv6Async(string containerId)
    {
        var limits = _node.Identity.Limits;
        await _node.SubmitAsync(new InitNode(s_now, Cause.Of(CauseKind.Startup), "i-1", "m5.large", "az", new ValueList<string>(["10.10.0.0/16"]), limits.MaxEnis, limits.Ipv4PerEni, "test", TimeSpan.FromSeconds(30)));
        await _node.SubmitAsync(new RecordEniAttached(s_now, Cause.Of(CauseKind.WarmPool), "eni-1", 0, "02:00:00:00:00:01", "subnet-1", "10.10.0.0/20", Ipv4Address.Parse("10.10.0.10")));
        await _node.SubmitAsync(new RecordIpv6PrefixAdded(s_now, Cause.Of(CauseKind.Reconciler), "eni-1", Ipv6Prefix.Parse("2600:1f14:abc:de01:1234::/80"), Ipv6PrefixAdded.FromImds));
        await _node.SubmitAsync(new AllocateIpv6(s_now, Cause.Of(CauseKind.CniRequest), new IpamKey("escni", containerId, "eth0"), new Pod("default", containerId, "u"), "ns"));
        return Assert.Single(_node.Pool.Read(p => p.GetIpv6Allocations())).Address;
    }

    private static PodHostRoute Route(Ipv6Address address) => new(address.ToIPAddress(), "eni0000000000a");

    private static PodRule Rule(Ipv6Address address) => new(PodHostRoutes.ToPodPriority, address.ToIPAddress(), 254);
}
