using System.Collections.Generic;
using System.Linq;
using EsCni.Plugin.Tests.Fixtures;
using EsCni.Protocol.V1;

namespace EsCni.Plugin.Tests.Commands;

/// <summary>Malformed invocations: the spec's error code on stdout, no allocation and no link left behind.</summary>
[Collection(PluginCollection.Name)]
public sealed class BadInputTests(PluginFixture fixture)
{
    public static TheoryData<string, string?, int> BrokenEnvironments => new()
    {
        { "CNI_COMMAND", null, 4 },
        { "CNI_COMMAND", "FROB", 4 },
        { "CNI_CONTAINERID", null, 4 },
        { "CNI_CONTAINERID", "-starts-with-dash", 4 },
        { "CNI_CONTAINERID", "has/slash", 4 },
        { "CNI_NETNS", null, 4 },
        { "CNI_NETNS", "/etc/hostname", 4 },
        { "CNI_NETNS", "/run/netns/escni-pt-never-created", 4 },
        { "CNI_IFNAME", null, 4 },
        { "CNI_IFNAME", "eth0-much-too-long", 4 },
        { "CNI_IFNAME", "..", 4 },
        { "CNI_IFNAME", "eth/0", 4 },
        { "CNI_ARGS", "K8S_POD_NAME", 4 },
    };

    [Theory]
    [MemberData(nameof(BrokenEnvironments))]
    public void Add_BrokenEnvironment_FailsWithCodeAndLeavesNothing(string variable, string? value, int expected)
    {
        using var pod = new PodUnderTest(fixture, "1.0.0");
        Dictionary<string, string?> env = Env(pod);
        env[variable] = value;

        Shell.Result result = fixture.RunRaw(pod.Node, env, fixture.Config("1.0.0"));

        AssertFailedCleanly(pod, result, expected);
        Assert.Contains(variable, AddCommandTests.Error(result).Msg);
    }

    [Theory]
    [InlineData("{\"cniVersion\": \"1.0.0\", \"name\": ", 6)]
    [InlineData("", 6)]
    [InlineData("[1, 2]", 6)]
    [InlineData("{\"cniVersion\": \"0.3.1\", \"name\": \"n\"}", 1)]
    [InlineData("{\"cniVersion\": \"2.0.0\", \"name\": \"n\"}", 1)]
    [InlineData("{\"name\": \"n\"}", 1)]
    [InlineData("{\"cniVersion\": \"1.0.0\"}", 7)]
    [InlineData("{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"mtu\": 20}", 7)]
    [InlineData("{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"ipamdSocket\": \"relative.sock\"}", 7)]
    [InlineData("{\"cniVersion\": \"1.0.0\", \"name\": \"n\", \"logLevel\": \"loud\"}", 7)]
    public void Add_BrokenConfig_FailsWithCodeAndLeavesNothing(string config, int expected)
    {
        using var pod = new PodUnderTest(fixture, "1.0.0");

        Shell.Result result = fixture.RunRaw(pod.Node, Env(pod), config);

        AssertFailedCleanly(pod, result, expected);
    }

    [Fact]
    public void Add_OwnNamespaceAsNetns_Refused()
    {
        using var pod = new PodUnderTest(fixture, "1.0.0");
        Dictionary<string, string?> env = Env(pod);
        env["CNI_NETNS"] = pod.Node.Path;

        Shell.Result result = fixture.RunRaw(pod.Node, env, fixture.Config("1.0.0"));

        AssertFailedCleanly(pod, result, 4);
        Assert.Contains("own network namespace", AddCommandTests.Error(result).Msg);
    }

    private void AssertFailedCleanly(PodUnderTest pod, Shell.Result result, int expected)
    {
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(expected, AddCommandTests.Error(result).Code);
        Assert.DoesNotContain(fixture.Ipamd.CallsOf<AddNetworkRequest>(), r => r.ContainerId == pod.ContainerId);
        Assert.Empty(pod.ExtraNodeLinks());
        Assert.Equal(["lo"], Shell.IpJson("-n", pod.Pod.Name, "link", "show").Select(l => l.GetProperty("ifname").GetString()!).ToArray());
    }

    private static Dictionary<string, string?> Env(PodUnderTest pod) => new()
    {
        ["CNI_COMMAND"] = "ADD",
        ["CNI_CONTAINERID"] = pod.ContainerId,
        ["CNI_NETNS"] = pod.Pod.Path,
        ["CNI_IFNAME"] = "eth0",
        ["CNI_ARGS"] = "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=bad",
        ["CNI_PATH"] = "/usr/lib/cni",
    };
}
