using EsCni.Integration.Support;
using Xunit.Abstractions;

namespace EsCni.Integration.Demo;

/// <summary>
/// The README's first command exactly as a new user types it: <c>./scripts/demo.sh</c>, no arguments, so it builds
/// the daemon, the NativeAOT plugin and the simulator itself and runs 30 pods on a simulated m5.xlarge.
/// </summary>
/// <remarks>
/// The build is incremental here (scripts/test.sh has built and published the same projects), but the demo
/// still publishes into its own directory and links the plugin: on a busy 2-core machine that takes minutes, hence
/// the generous timeout. A failure prints the demo's whole output.
/// </remarks>
[Collection(nameof(NodeCollection))]
public sealed class DemoScriptTests
{
    private static readonly TimeSpan s_demoTimeout = TimeSpan.FromMinutes(20);

    private readonly ITestOutputHelper _output;

    public DemoScriptTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task DemoScript_NoArguments_ThirtyPodsEveryStepSucceedsAndCleansUp()
    {
        await using ChildProcess demo = ChildProcess.Start(["bash", Path.Combine(RepoPaths.Root, "scripts", "demo.sh")]);
        try
        {
            await demo.WaitForLineAsync(l => l.Contains("Done: cleaning up", StringComparison.Ordinal), s_demoTimeout, "the demo's last step");
            await demo.WaitForExitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            _output.WriteLine(demo.Output);
        }

        Assert.Equal(0, demo.ExitCode);
        Assert.Contains(demo.Lines, l => l.Contains("== Build: daemon, plugin (NativeAOT), EC2 simulator", StringComparison.Ordinal));
        Assert.Contains(demo.Lines, l => l.Contains("node: m5.xlarge holds 56 pod IPs; kubelet max-pods 58", StringComparison.Ordinal));
        Assert.Contains(demo.Lines, l => l.Contains("CNI ADD for 30 pods", StringComparison.Ordinal));
        Assert.Contains(demo.Lines, l => l.Contains("web-30 -> 10.10.", StringComparison.Ordinal));
        Assert.Contains(demo.Lines, l => l.StartsWith("30 ADDs in ", StringComparison.Ordinal));
        Assert.Contains(demo.Lines, l => l.Contains("node -> web-01", StringComparison.Ordinal) && l.EndsWith(": ok", StringComparison.Ordinal));
        Assert.Contains(demo.Lines, l => l.Contains("pods still allocated after the crash: 25 (expected 25)", StringComparison.Ordinal));
        Assert.Contains(demo.Lines, l => l.Contains("result: clean", StringComparison.Ordinal));
        Assert.DoesNotContain("escni-demo-", NetworkNamespace.Run("ip", "netns", "list"), StringComparison.Ordinal);
    }
}
