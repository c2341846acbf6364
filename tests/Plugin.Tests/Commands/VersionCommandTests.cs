using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using EsCni.Plugin.Tests.Fixtures;

namespace EsCni.Plugin.Tests.Commands;

/// <summary>VERSION: supported versions, answered without any other environment or a valid config.</summary>
[Collection(PluginCollection.Name)]
public sealed class VersionCommandTests(PluginFixture fixture)
{
    [Theory]
    [InlineData("{\"cniVersion\": \"1.0.0\"}", "1.0.0")]
    [InlineData("{\"cniVersion\": \"1.1.0\"}", "1.1.0")]
    [InlineData("", "1.1.0")]
    public void Version_Request_ListsSupportedVersions(string stdin, string echoed)
    {
        using TestNamespace node = PluginFixture.NewNode();
        Shell.Result result = fixture.RunRaw(node, new Dictionary<string, string?>
        {
            ["CNI_COMMAND"] = "VERSION",
            ["CNI_NETNS"] = "dummy",
            ["CNI_IFNAME"] = "dummy",
            ["CNI_PATH"] = "dummy",
        }, stdin);

        Assert.Equal(0, result.ExitCode);
        using JsonDocument json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(echoed, json.RootElement.GetProperty("cniVersion").GetString());
        Assert.Equal(["0.4.0", "1.0.0", "1.1.0"],
            json.RootElement.GetProperty("supportedVersions").EnumerateArray().Select(v => v.GetString()!).ToArray());
    }
}
