using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using EsCni.Testing;

namespace EsCni.Replay.Tests;

public sealed class StatsCommandTests(ReplayScenarioFixture fixture) : IClassFixture<ReplayScenarioFixture>
{
    [Fact]
    public async Task Run_Table_CountsEventsEc2CallsAndChurn()
    {
        (int exit, string stdout, string stderr) = await ReplayCli.RunAsync("replay", "stats", "--journal", fixture.Dir);

        Assert.True(exit == 0, stderr);
        Assert.Contains("25 events from 2026-11-27T10:00:00Z to 2026-11-27T10:04:31Z, 2 daemon start(s)", stdout);
        Assert.Matches(@"(?m)^IpAllocated\s+5$", stdout);
        Assert.Matches(@"(?m)^AssignPrivateIpAddresses\s+2\s+1\s+1\s+1\s+0$", stdout);
        Assert.Matches(@"(?m)^CreateNetworkInterface\s+1\s+1\s+0\s+0\s+0$", stdout);
        Assert.Contains("allocation churn: 5 allocations, 4 releases", stdout);
        Assert.Matches(@"(?m)^2026-11-27T10:00:00Z\s+25\s+5\s+4\s+1$", stdout);
    }

    [Fact]
    public async Task Run_Json_HasLedgerByApiAndBusiestHours()
    {
        (int exit, string stdout, _) = await ReplayCli.RunAsync("replay", "stats", "--journal", fixture.Dir, "--json");

        Assert.Equal(0, exit);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        JsonElement root = doc.RootElement;
        Assert.Equal(25, root.GetProperty("events").GetInt64());
        var apis = root.GetProperty("ec2").GetProperty("byApi").EnumerateArray().ToDictionary(a => a.GetProperty("api").GetString()!, a => a.GetProperty("calls").GetInt32());
        Assert.Equal(new[] { "AssignPrivateIpAddresses", "AttachNetworkInterface", "CreateNetworkInterface", "DeleteNetworkInterface", "DetachNetworkInterface" }, apis.Keys.ToArray());
        Assert.Equal(1, root.GetProperty("ec2").GetProperty("perHour")[0].GetProperty("throttled").GetInt32());
        Assert.Equal(5, root.GetProperty("busiestHours")[0].GetProperty("allocations").GetInt32());
    }
}
