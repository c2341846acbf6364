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

        // Every step's line, checked together so a failure names all that is missing next to the demo's output.
        (string Step, Func<string, bool> Seen)[] expected =
        [
            ("the build step", l => l.Contains("== Build: daemon, plugin (NativeAOT), EC2 simulator", StringComparison.Ordinal)),
            ("the node's capacity", l => l.Contains("node: m5.xlarge holds 56 pod IPs; kubelet max-pods 58", StringComparison.Ordinal)),
            ("the ADD step", l => l.Contains("CNI ADD for 30 pods", StringComparison.Ordinal)),
            ("web-30's IP", l => l.Contains("web-30 -> 10.10.", StringComparison.Ordinal)),
            ("the ADD timing", l => l.StartsWith("30 ADDs in ", StringComparison.Ordinal)),
            ("node -> web-01 ping", l => l.Contains("node -> web-01", StringComparison.Ordinal) && l.EndsWith(": ok", StringComparison.Ordinal)),
            ("25 pods after the crash", l => l.Contains("pods still allocated after the crash: 25 (expected 25)", StringComparison.Ordinal)),
            ("a clean verify", l => l.Contains("result: clean", StringComparison.Ordinal)),
        ];
        string[] missing = expected.Where(e => !demo.Lines.Any(e.Seen)).Select(e => e.Step).ToArray();
        Assert.True(
            demo.ExitCode == 0 && missing.Length == 0,
            $"demo.sh exited {demo.ExitCode}; missing: {string.Join(", ", missing)}. Output:\n{demo.Output}");
        Assert.DoesNotContain("escni-demo-", NetworkNamespace.Run("ip", "netns", "list"), StringComparison.Ordinal);
    }
}
