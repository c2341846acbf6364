using System.Linq;
using EsCni.Plugin.Tests.Fixtures;
using EsCni.Protocol.V1;

namespace EsCni.Plugin.Tests.Commands;

/// <summary>CHECK against real namespaces: passes on a fresh ADD, fails once something ADD created is gone.</summary>
[Collection(PluginCollection.Name)]
public sealed class CheckCommandTests(PluginFixture fixture)
{
    [Theory]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    [InlineData("1.1.0")]
    public void Check_Version_PassesThenFailsAfterPodRouteDeleted(string version)
    {
        using var pod = new PodUnderTest(fixture, version);
        pod.AddOrFail();

        Shell.Result healthy = pod.Invoke("CHECK", prevResult: pod.AddResult);
        Assert.True(healthy.ExitCode == 0, healthy.Stdout + healthy.Stderr);
        Assert.Equal("", healthy.Stdout);
        Assert.Contains(fixture.Ipamd.CallsOf<CheckRequest>(), r => r.ContainerId == pod.ContainerId);

        Shell.Ip("-n", pod.Pod.Name, "route", "del", "default");
        Shell.Result broken = pod.Invoke("CHECK", prevResult: pod.AddResult);

        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("default route via 169.254.1.1", AddCommandTests.Error(broken).Msg);
    }

    [Theory]
    [InlineData("host route")]
    [InlineData("rule")]
    [InlineData("neighbour")]
    [InlineData("daemon record")]
    public void Check_PieceMissing_FailsNamingIt(string piece)
    {
        using var pod = new PodUnderTest(fixture, "1.0.0");
        pod.AddOrFail();
        string ip = pod.PodIp;
        string expected = piece switch
        {
            "host route" => Remove(() => Shell.Ip("-n", pod.Node.Name, "route", "del", ip + "/32"), $"host route {ip}/32"),
            "rule" => Remove(() => Shell.Ip("-n", pod.Node.Name, "rule", "del", "to", ip, "lookup", "main", "prio", "512"), "to " + ip),
            "neighbour" => Remove(() => Shell.Ip("-n", pod.Pod.Name, "neigh", "del", "169.254.1.1", "dev", "eth0"), "permanent neighbour"),
            _ => Remove(() => fixture.Ipamd.Allocations.TryRemove(fixture.Ipamd.Allocations.Keys.Single(k => k.ContainerId == pod.ContainerId), out _), "escni-ipamd holds nothing"),
        };

        Shell.Result result = pod.Invoke("CHECK", prevResult: pod.AddResult);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Stdout);
    }

    [Fact]
    public void Check_WithoutPrevResult_FailsWithInvalidConfig()
    {
        using var pod = new PodUnderTest(fixture, "1.0.0");
        pod.AddOrFail();

        Shell.Result result = pod.Invoke("CHECK");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(7, AddCommandTests.Error(result).Code);
    }

    private static string Remove(System.Action remove, string expectedInMessage)
    {
        remove();
        return expectedInMessage;
    }
}
