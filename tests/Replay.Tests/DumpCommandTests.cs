using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using EsCni.Testing;

namespace EsCni.Replay.Tests;

public sealed class DumpCommandTests(ReplayScenarioFixture fixture) : IClassFixture<ReplayScenarioFixture>
{
    [Fact]
    public async Task Run_LsnRange_PrintsOneLinePerEvent()
    {
        (int exit, string stdout, string stderr) = await ReplayCli.RunAsync("replay", "dump", "--journal", fixture.Dir, "--from-lsn", "6", "--to-lsn", "8");

        Assert.True(exit == 0, stderr);
        string[] lines = stdout.Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("6 2026-11-27T10:01:00Z IpReleased [cni del-1] 10.0.1.10 from key aws-cni/c1", lines[0]);
        Assert.Equal("7 2026-11-27T10:01:10Z NodeStopped [startup] reason SIGTERM", lines[1]);
        Assert.StartsWith("8 2026-11-27T10:01:30Z NodeStarted [startup] i-0abc m5.large eu-west-1a, 3 ENIs x 10 IPs, cooldown 60s", lines[2]);
    }

    [Fact]
    public async Task Run_Json_PrintsEveryEventAsJsonLines()
    {
        (int exit, string stdout, _) = await ReplayCli.RunAsync("replay", "dump", "--journal", fixture.Dir, "--json");

        Assert.Equal(0, exit);
        JsonElement[] events = stdout.Split('\n', System.StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i).ToArray(), events.Select(e => e.GetProperty("lsn").GetInt64()).ToArray());
        JsonElement attached = events[10];
        Assert.Equal("EniAttached", attached.GetProperty("type").GetString());
        Assert.Equal("10.0.2.4", attached.GetProperty("primaryIp").GetString());
        Assert.Equal("aws-attach-1", attached.GetProperty("cause").GetProperty("awsRequestId").GetString());
        Assert.Equal("2026-11-27T10:01:42Z", attached.GetProperty("at").GetString());
    }
}
