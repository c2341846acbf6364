using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using EsCni.Testing;

namespace EsCni.Replay.Tests;

public sealed class DiffCommandTests(ReplayScenarioFixture fixture) : IClassFixture<ReplayScenarioFixture>
{
    [Fact]
    public async Task Run_AcrossRestartAndNewEni_ListsWhatChanged()
    {
        (int exit, string stdout, string stderr) = await ReplayCli.RunAsync("replay", "diff", "--journal", fixture.Dir, "--from", ScenarioJournal.Arg(50), "--to", ScenarioJournal.Arg(170));

        Assert.True(exit == 0, stderr);
        Assert.Contains("pool diff 2026-11-27T10:00:50Z (LSN 5) -> 2026-11-27T10:02:50Z (LSN 16)", stdout);
        Assert.Contains("before: 1 ENIs, 2 IPs, 2 allocated (0 quarantined), 0 free, 0 cooling, 0 unavailable", stdout);
        Assert.Contains("after:  2 ENIs, 4 IPs, 4 allocated (0 quarantined), 0 free, 0 cooling, 0 unavailable", stdout);
        Assert.Contains("ENIs attached (1):\n  + eni-second device 1 (2 IPs)", stdout.Replace("\r", ""));
        Assert.Contains("- 10.0.1.10 default/web-1 uid uid-1", stdout);
        Assert.Contains("+ 10.0.1.10 default/web-5 uid uid-5", stdout);
        Assert.Contains("NodeStarted 1", stdout);
        Assert.Contains("NodeStopped 1", stdout);
    }

    [Fact]
    public async Task Run_Json_HasStartedAndEndedAllocations()
    {
        (int exit, string stdout, _) = await ReplayCli.RunAsync("replay", "diff", "--journal", fixture.Dir, "--from", ScenarioJournal.Arg(170), "--to", ScenarioJournal.Arg(280), "--json");

        Assert.Equal(0, exit);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        JsonElement root = doc.RootElement;
        Assert.Equal(["10.0.1.11", "10.0.2.20", "10.0.2.21"], root.GetProperty("allocationsEnded").EnumerateArray().Select(a => a.GetProperty("ip").GetString()!).ToArray());
        Assert.Empty(root.GetProperty("allocationsStarted").EnumerateArray());
        Assert.Equal("eni-second", root.GetProperty("enisDetached")[0].GetProperty("eniId").GetString());
        Assert.Equal(["10.0.2.20", "10.0.2.21"], root.GetProperty("ipsRemoved").EnumerateArray().Select(a => a.GetString()!).ToArray());
        Assert.Equal(1, root.GetProperty("eventsBetween").GetProperty("AllocationQuarantined").GetInt32());
    }
}
