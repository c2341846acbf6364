using EsCni.Plugin.Tests.Fixtures;
using EsCni.Protocol.V1;

namespace EsCni.Plugin.Tests.Commands;

/// <summary>STATUS (1.1.0): forwarded to the daemon; not ready or unreachable is code 50.</summary>
[Collection(PluginCollection.Name)]
public sealed class StatusCommandTests(PluginFixture fixture)
{
    [Fact]
    public void Status_DaemonReady_Succeeds()
    {
        using TestNamespace node = PluginFixture.NewNode();
        Shell.Result result = fixture.RunRaw(node, StatusEnv(), fixture.Config("1.1.0"));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void Status_DaemonNotReady_Code50WithReason()
    {
        using TestNamespace node = PluginFixture.NewNode();
        StatusReply previous = fixture.Ipamd.Status;
        fixture.Ipamd.Status = new StatusReply { Ready = false, Reason = "journal failed" };
        try
        {
            Shell.Result result = fixture.RunRaw(node, StatusEnv(), fixture.Config("1.1.0"));

            Assert.Equal(1, result.ExitCode);
            (int code, string msg) = AddCommandTests.Error(result);
            Assert.Equal(50, code);
            Assert.Contains("journal failed", msg);
        }
        finally
        {
            fixture.Ipamd.Status = previous;
        }
    }

    [Fact]
    public void Status_DaemonDown_Code50()
    {
        using TestNamespace node = PluginFixture.NewNode();
        Shell.Result result = fixture.RunRaw(node, StatusEnv(), fixture.Config("1.1.0", socket: "/run/escni-pt-missing/ipamd.sock"));

        Assert.Equal(50, AddCommandTests.Error(result).Code);
    }

    [Theory]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    public void Status_Version_BelowOneOneIsIncompatible(string version)
    {
        using TestNamespace node = PluginFixture.NewNode();
        Shell.Result result = fixture.RunRaw(node, StatusEnv(), fixture.Config(version));

        Assert.Equal(1, AddCommandTests.Error(result).Code);
    }

    private static System.Collections.Generic.Dictionary<string, string?> StatusEnv() => new()
    {
        ["CNI_COMMAND"] = "STATUS",
        ["CNI_PATH"] = "/usr/lib/cni",
    };
}
