using System;
using System.Threading.Tasks;
using EsCni.HostNetwork;

namespace EsCni.HostNetwork.Tests;

/// <summary>The process runner: stderr in failures, timeouts, missing tools, and the run-in-namespace seam.</summary>
public sealed class HostCommandRunnerTests
{
    [Fact]
    public async Task RunCheckedAsync_FailingCommand_MessageCarriesCommandAndStderr()
    {
        var error = await Assert.ThrowsAsync<HostCommandFailedException>(
            () => HostCommandRunner.Host.RunCheckedAsync("ip", ["link", "show", "escni-hn-nolink"]));

        Assert.Contains("ip link show escni-hn-nolink", error.Message);
        Assert.Contains("does not exist", error.Message);
        Assert.NotEqual(0, error.ExitCode);
    }

    [Fact]
    public async Task RunAsync_PastTimeout_KillsAndThrows()
    {
        var runner = new HostCommandRunner(timeout: TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAsync<HostCommandFailedException>(() => runner.RunAsync("sleep", ["30"]));

        Assert.Contains("did not finish", error.Message);
        Assert.Null(error.ExitCode);
    }

    [Fact]
    public async Task RunAsync_MissingTool_SaysWhatToInstall()
    {
        var error = await Assert.ThrowsAsync<HostCommandFailedException>(() => HostCommandRunner.Host.RunAsync("escni-no-such-tool", []));

        Assert.Contains("apt-get install", error.Message);
    }

    [Fact]
    public async Task RunCheckedAsync_InNamespace_SeesOnlyThatNamespace()
    {
        using TestNetworkNamespace ns = TestNetworkNamespace.Create();
        ns.AddEniLink("eth7", "02:0a:00:00:07:07");

        string inside = await ns.Runner.RunCheckedAsync("ip", ["-o", "link", "show"]);

        Assert.Contains("eth7", inside);
        Assert.DoesNotContain("eth7", await HostCommandRunner.Host.RunCheckedAsync("ip", ["-o", "link", "show"]));
    }
}
