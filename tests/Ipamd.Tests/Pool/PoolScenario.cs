using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Ipamd.Pool;

namespace EsCni.Ipamd.Tests.Pool;

/// <summary>Commands that bring a pool to a started node with one ENI and some free IPs.</summary>
internal static class PoolScenario
{
    public static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public static async Task InitAsync(DurableNodePool pool, int ips, DateTimeOffset? at = null)
    {
        DateTimeOffset now = at ?? Start;
        Cause cause = Cause.Of(CauseKind.Startup);
        await SubmitAcceptedAsync(pool, new InitNode(now, cause, "i-1", "m5.4xlarge", "us-west-2a", new ValueList<string>(["10.10.0.0/16"]), 8, 250, "test", TimeSpan.FromSeconds(30)));
        await SubmitAcceptedAsync(pool, new RecordEniAttached(now, cause, "eni-1", 0, "02:00:00:00:00:01", "subnet-1", "10.10.0.0/16", Ipv4Address.Parse("10.10.0.10")));
        var addresses = Enumerable.Range(0, ips).Select(i => new Ipv4Address(Ipv4Address.Parse("10.10.1.0").Value + (uint)i)).ToList();
        await SubmitAcceptedAsync(pool, new RecordPoolIpsAdded(now, cause, "eni-1", new ValueList<Ipv4Address>(addresses)));
    }

    public static AllocateIp Allocate(string containerId, DateTimeOffset? at = null) =>
        new(at ?? Start.AddMinutes(1), new Cause(CauseKind.CniRequest, containerId), new IpamKey("escni", containerId, "eth0"), new Pod("default", containerId, "uid-" + containerId), "/var/run/netns/" + containerId);

    private static async Task SubmitAcceptedAsync(DurableNodePool pool, PoolCommand command)
    {
        var decision = await pool.SubmitAsync(command, CancellationToken.None);
        Assert.True(decision.Accepted, decision.ToString());
    }
}
