using EsCni.Integration.Support;
using Xunit.Abstractions;

namespace EsCni.Integration.Demo;

/// <summary>The README's first command, shortened to 10 pods, as CI runs it: every step must succeed.</summary>
[Collection(nameof(NodeCollection))]
public sealed class DemoScriptTests
{
    private readonly ITestOutputHelper _output;

    public DemoScriptTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task DemoScript_TenPods_EveryStepSucceedsAndCleansUp()
    {
        string daemon = RepoPaths.Daemon;
        await using ChildProcess demo = ChildProcess.Start(["bash", Path.Combine(RepoPaths.Root, "scripts", "demo.sh"), "--pods", "10", "--prebuilt", Path.GetDirectoryName(Path.GetDirectoryName(daemon))!]);
        await demo.WaitForLineAsync(l => l.Contains("Done: cleaning up", StringComparison.Ordinal), TimeSpan.FromMinutes(5), "the demo's last step");
        await demo.WaitForExitAsync(TimeSpan.FromSeconds(60));
        _output.WriteLine(demo.Output);

        Assert.Equal(0, demo.ExitCode);
        Assert.Contains(demo.Lines, l => l.Contains("10 ADDs in", StringComparison.Ordinal));
        Assert.Contains(demo.Lines, l => l.Contains("node -> web-01", StringComparison.Ordinal) && l.EndsWith(": ok", StringComparison.Ordinal));
        Assert.Contains(demo.Lines, l => l.Contains("pods still allocated after the crash: 5 (expected 5)", StringComparison.Ordinal));
        Assert.Contains(demo.Lines, l => l.Contains("result: clean", StringComparison.Ordinal));
        Assert.DoesNotContain("escni-demo-", NetworkNamespace.Run("ip", "netns", "list"), StringComparison.Ordinal);
    }
}
