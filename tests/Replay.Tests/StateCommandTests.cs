using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using EsCni.Testing;

namespace EsCni.Replay.Tests;

public sealed class StateCommandTests(ReplayScenarioFixture fixture) : IClassFixture<ReplayScenarioFixture>
{
    [Fact]
    public async Task Run_AtRestartDuringCooldown_ShowsCoolingIpAndLiveAllocation()
    {
        (int exit, string stdout, string stderr) = await ReplayCli.RunAsync("replay", "state", "--journal", fixture.Dir, "--at", ScenarioJournal.Arg(95));

        Assert.True(exit == 0, stderr);
        Assert.Contains("pool at 2026-11-27T10:01:35Z (LSN 8; 8 events from the start)", stdout);
        Assert.Contains("started 2026-11-27T10:01:30Z", stdout);
        Assert.Contains("1 ENIs, 2 IPs: 1 allocated (0 quarantined), 0 free, 1 cooling down, 0 unavailable", stdout);
        Assert.Matches(@"(?m)^10\.0\.1\.10\s+eni-primary\s+cooling\s+2026-11-27T10:02:00Z", stdout);
        Assert.Matches(@"(?m)^10\.0\.1\.11\s+eni-primary\s+allocated\s+default/web-2\s+uid-2\s+c20+\s+eth0\s+2026-11-27T10:00:20Z\s+5", stdout);
    }

    [Fact]
    public async Task Run_AtLsnAfterSnapshot_StartsFromTheSnapshot()
    {
        (int exit, string stdout, _) = await ReplayCli.RunAsync("replay", "state", "--journal", fixture.Dir, "--lsn", "17");

        Assert.Equal(0, exit);
        Assert.Contains("(LSN 17; snapshot at LSN 16 + 1 events)", stdout);
        Assert.Matches(@"(?m)^10\.0\.1\.11\s+eni-primary\s+quarantined\s+default/web-2.*no veth for container c2 on the host", stdout);
        Assert.Matches(@"(?m)^10\.0\.2\.20\s+eni-second\s+allocated\s+default/web-3", stdout);
    }

    [Fact]
    public async Task Run_Json_ListsEnisAndIpsWithStates()
    {
        (int exit, string stdout, _) = await ReplayCli.RunAsync("replay", "state", "--journal", fixture.Dir, "--at", ScenarioJournal.Arg(170), "--json");

        Assert.Equal(0, exit);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        JsonElement root = doc.RootElement;
        Assert.Equal(16, root.GetProperty("lsn").GetInt64());
        Assert.Equal(["eni-primary", "eni-second"], root.GetProperty("enis").EnumerateArray().Select(e => e.GetProperty("eniId").GetString()!).ToArray());
        var ips = root.GetProperty("ips").EnumerateArray().ToDictionary(e => e.GetProperty("ip").GetString()!, e => (e.GetProperty("state").GetString(), e.GetProperty("pod").GetString()));
        Assert.Equal(("allocated", "default/web-5"), ips["10.0.1.10"]);
        Assert.Equal(("allocated", "default/web-2"), ips["10.0.1.11"]);
        Assert.Equal(("allocated", "default/web-3"), ips["10.0.2.20"]);
        Assert.Equal(("allocated", "default/web-4"), ips["10.0.2.21"]);
        Assert.Equal(4, root.GetProperty("counts").GetProperty("allocated").GetInt32());
    }

    [Fact]
    public async Task Run_AtEnd_ShowsSecondEniGoneAndReleasedIpCooling()
    {
        (int exit, string stdout, _) = await ReplayCli.RunAsync("replay", "state", "--journal", fixture.Dir, "--at", ScenarioJournal.Arg(280), "--json");

        Assert.Equal(0, exit);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        JsonElement root = doc.RootElement;
        Assert.Equal(25, root.GetProperty("lsn").GetInt64());
        Assert.Single(root.GetProperty("enis").EnumerateArray());
        JsonElement cooling = root.GetProperty("ips").EnumerateArray().Single(e => e.GetProperty("ip").GetString() == "10.0.1.11");
        Assert.Equal("cooling", cooling.GetProperty("state").GetString());
        Assert.Equal("2026-11-27T10:04:50Z", cooling.GetProperty("coolingUntil").GetString());
    }
}
