using System;
using System.Linq;
using System.Text.Json;

namespace EsCni.Plugin.Tests.Fixtures;

/// <summary>A node namespace, a pod namespace and the plugin's attachment between them.</summary>
public sealed class PodUnderTest : IDisposable
{
    private readonly PluginFixture _fixture;

    public PodUnderTest(PluginFixture fixture, string version)
    {
        _fixture = fixture;
        Version = version;
        Node = PluginFixture.NewNode();
        try
        {
            Pod = new TestNamespace("pod");
        }
        catch
        {
            Node.Dispose();
            throw;
        }
    }

    public string Version { get; }

    public TestNamespace Node { get; }

    public TestNamespace Pod { get; }

    public string ContainerId { get; } = PluginFixture.NewContainerId();

    public string IfName { get; init; } = "eth0";

    /// <summary>The stdout of the last successful ADD (the runtime would cache it as prevResult).</summary>
    public string? AddResult { get; private set; }

    public string PodIp => JsonDocument.Parse(AddResult!).RootElement.GetProperty("ips")[0].GetProperty("address").GetString()!.Split('/')[0];

    public string HostVeth => JsonDocument.Parse(AddResult!).RootElement.GetProperty("interfaces")[0].GetProperty("name").GetString()!;

    public string HostMac => JsonDocument.Parse(AddResult!).RootElement.GetProperty("interfaces")[0].GetProperty("mac").GetString()!;

    public Shell.Result Add()
    {
        Shell.Result result = Invoke("ADD");
        if (result.ExitCode == 0)
        {
            AddResult = result.Stdout;
        }

        return result;
    }

    /// <summary>Extra JSON members for the plugin config (", \"key\": value"), e.g. the IPv4 egress directory.</summary>
    public string ExtraConfig { get; init; } = "";

    public Shell.Result Invoke(string command, string? prevResult = null, string? netns = null)
    {
        string config = _fixture.Config(Version, prevResult, extra: ExtraConfig);
        return _fixture.Run(Node, command, ContainerId, netns ?? Pod.Path, IfName, config);
    }

    public Shell.Result AddOrFail()
    {
        Shell.Result result = Add();
        Assert.True(result.ExitCode == 0, $"ADD failed ({result.ExitCode}): {result.Stdout} {result.Stderr}");
        return result;
    }

    /// <summary>Names of the links in the node namespace other than lo.</summary>
    public string[] ExtraNodeLinks() =>
        Shell.IpJson("-n", Node.Name, "link", "show").Select(l => l.GetProperty("ifname").GetString()!)
            .Where(n => n is not "lo").ToArray();

    public void Dispose()
    {
        Pod.Dispose();
        Node.Dispose();
    }
}
