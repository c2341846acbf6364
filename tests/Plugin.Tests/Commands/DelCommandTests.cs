using System.Linq;
using EsCni.Plugin.Tests.Fixtures;
using EsCni.Protocol.V1;
using Grpc.Core;

namespace EsCni.Plugin.Tests.Commands;

/// <summary>DEL against real namespaces: cleans host state, releases the IP, and succeeds when things are already gone.</summary>
[Collection(PluginCollection.Name)]
public sealed class DelCommandTests(PluginFixture fixture)
{
    [Theory]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    [InlineData("1.1.0")]
    public void Del_Version_RemovesHostRouteRulesAndLinkAndReleasesTheIp(string version)
    {
        using var pod = new PodUnderTest(fixture, version);
        fixture.Ipamd.Scripts[pod.ContainerId] = new FakeIpamd.AddScript(RouteTableId: 2);
        pod.AddOrFail();
        string ip = pod.PodIp;
        Assert.Equal(2, AddCommandTests.PodRules(pod.Node, ip).Length);

        Shell.Result result = pod.Invoke("DEL", prevResult: pod.AddResult);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Equal("", result.Stdout);
        DelNetworkRequest release = fixture.Ipamd.CallsOf<DelNetworkRequest>().Single(r => r.ContainerId == pod.ContainerId);
        Assert.Equal("PodDeleted", release.Reason);
        Assert.DoesNotContain(fixture.Ipamd.Allocations.Keys, k => k.ContainerId == pod.ContainerId);
        Assert.Empty(AddCommandTests.PodRules(pod.Node, ip));
        Assert.Empty(Shell.IpJson("-n", pod.Node.Name, "-4", "route", "show", ip));
        Assert.Empty(pod.ExtraNodeLinks());
        Assert.Equal(["lo"], Shell.IpJson("-n", pod.Pod.Name, "link", "show").Select(l => l.GetProperty("ifname").GetString()!).ToArray());
    }

    [Theory]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    [InlineData("1.1.0")]
    public void Del_Version_SecondDelSucceeds(string version)
    {
        using var pod = new PodUnderTest(fixture, version);
        pod.AddOrFail();
        Assert.Equal(0, pod.Invoke("DEL", prevResult: pod.AddResult).ExitCode);

        Shell.Result second = pod.Invoke("DEL", prevResult: pod.AddResult);

        Assert.True(second.ExitCode == 0, second.Stdout + second.Stderr);
        Assert.Equal(2, fixture.Ipamd.CallsOf<DelNetworkRequest>().Count(r => r.ContainerId == pod.ContainerId));
    }

    [Theory]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    [InlineData("1.1.0")]
    public void Del_Version_AfterNetnsGoneSucceedsAndCleansHost(string version)
    {
        using var pod = new PodUnderTest(fixture, version);
        pod.AddOrFail();
        string ip = pod.PodIp;
        pod.Pod.Delete();

        Shell.Result result = pod.Invoke("DEL", prevResult: pod.AddResult);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Empty(AddCommandTests.PodRules(pod.Node, ip));
        Assert.DoesNotContain(fixture.Ipamd.Allocations.Keys, k => k.ContainerId == pod.ContainerId);
    }

    [Fact]
    public void Del_EmptyNetnsAndNoPrevResult_Succeeds()
    {
        using var pod = new PodUnderTest(fixture, "1.0.0");
        pod.AddOrFail();
        string ip = pod.PodIp;

        Shell.Result result = pod.Invoke("DEL", netns: "");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Empty(AddCommandTests.PodRules(pod.Node, ip));
    }

    [Fact]
    public void Del_IfNameIsLoopback_SucceedsAndLeavesLoAlone()
    {
        using var pod = new PodUnderTest(fixture, "1.1.0");

        // The kernel refuses to delete lo (EOPNOTSUPP); it was never ours, so DEL succeeds instead of answering 999.
        Shell.Result result = fixture.Run(pod.Node, "DEL", pod.ContainerId, pod.Pod.Path, "lo", fixture.Config("1.1.0"));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("not a veth escni created", result.Stderr, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Del_NetnsPathTooLongToOpen_SucceedsWithoutTouchingLinks()
    {
        using var pod = new PodUnderTest(fixture, "1.1.0");

        Shell.Result result = pod.Invoke("DEL", netns: "/" + new string('n', 5000));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("not touching CNI_NETNS", result.Stderr, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Del_NeverAdded_Succeeds()
    {
        using var pod = new PodUnderTest(fixture, "1.1.0");

        Shell.Result result = pod.Invoke("DEL");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
    }

    [Fact]
    public void Del_DaemonUnreachable_CleansHostFromPrevResultAndSaysSo()
    {
        using var pod = new PodUnderTest(fixture, "1.0.0");
        pod.AddOrFail();
        string ip = pod.PodIp;

        string config = fixture.Config("1.0.0", pod.AddResult, socket: "/run/escni-pt-missing/ipamd.sock");
        Shell.Result result = fixture.Run(pod.Node, "DEL", pod.ContainerId, pod.Pod.Path, "eth0", config);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("from prevResult", result.Stderr);
        Assert.Empty(AddCommandTests.PodRules(pod.Node, ip));
        Assert.Empty(Shell.IpJson("-n", pod.Node.Name, "-4", "route", "show", ip));
    }

    [Fact]
    public void Del_DaemonFails_StillSucceedsAfterCleaningFromPrevResult()
    {
        using var pod = new PodUnderTest(fixture, "1.0.0");
        pod.AddOrFail();
        string ip = pod.PodIp;
        fixture.Ipamd.FailEverythingWith = StatusCode.Unavailable;
        try
        {
            Shell.Result result = pod.Invoke("DEL", prevResult: pod.AddResult);
            Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        }
        finally
        {
            fixture.Ipamd.FailEverythingWith = null;
        }

        Assert.Empty(AddCommandTests.PodRules(pod.Node, ip));
    }
}
