using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using EsCni.Testing;

namespace EsCni.Replay.Tests;

public sealed class WhoHadCommandTests(ReplayScenarioFixture fixture) : IClassFixture<ReplayScenarioFixture>
{
    [Fact]
    public async Task Run_WholeJournal_ListsBothOwnersWithTimesReasonsAndLsns()
    {
        (int exit, string stdout, string stderr) = await ReplayCli.RunAsync("replay", "who-had", "10.0.1.10", "--journal", fixture.Dir);

        Assert.True(exit == 0, stderr);
        string[] lines = stdout.Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("10.0.1.10 over the whole journal: 2 owner(s)", lines[0]);
        Assert.StartsWith("pod ", lines[1]);
        Assert.Matches(@"^default/web-1\s+uid-1\s+c10+\s+eth0\s+eni-primary\s+2026-11-27T10:00:10Z\s+4\s+2026-11-27T10:01:00Z\s+6\s+released \(CniDel\)", lines[2]);
        Assert.Matches(@"^default/web-5\s+uid-5\s+c50+\s+eth0\s+eni-primary\s+2026-11-27T10:02:40Z\s+16\s+-\s+-\s+still allocated", lines[3]);
    }

    [Fact]
    public async Task Run_AtMoment_ListsOnlyTheOwnerThen()
    {
        (int exit, string stdout, _) = await ReplayCli.RunAsync("replay", "who-had", "10.0.1.10", "--journal", fixture.Dir, "--at", ScenarioJournal.Arg(30));

        Assert.Equal(0, exit);
        Assert.Contains("at 2026-11-27T10:00:30Z: 1 owner(s)", stdout);
        Assert.Contains("default/web-1", stdout);
        Assert.DoesNotContain("web-5", stdout);
    }

    [Fact]
    public async Task Run_AtMomentDuringCooldown_ListsNobody()
    {
        (int exit, string stdout, _) = await ReplayCli.RunAsync("replay", "who-had", "10.0.1.10", "--journal", fixture.Dir, "--at", ScenarioJournal.Arg(100));

        Assert.Equal(0, exit);
        Assert.Contains("0 owner(s)", stdout);
    }

    [Fact]
    public async Task Run_QuarantinedThenReconciled_ShowsEvidenceAndReason()
    {
        (int exit, string stdout, _) = await ReplayCli.RunAsync("replay", "who-had", "10.0.1.11", "--journal", fixture.Dir);

        Assert.Equal(0, exit);
        Assert.Contains("released (Reconcile)", stdout);
        Assert.Contains("LSN 17: no veth for container c2 on the host", stdout);
    }

    [Fact]
    public async Task Run_Json_GivesTheSameOwnersAsJson()
    {
        (int exit, string stdout, _) = await ReplayCli.RunAsync("replay", "who-had", "10.0.1.10", "--journal", fixture.Dir, "--from", ScenarioJournal.Arg(50), "--to", ScenarioJournal.Arg(170), "--json");

        Assert.Equal(0, exit);
        using JsonDocument doc = JsonDocument.Parse(stdout);
        Assert.Equal("10.0.1.10", doc.RootElement.GetProperty("ip").GetString());
        JsonElement[] owners = doc.RootElement.GetProperty("owners").EnumerateArray().ToArray();
        Assert.Equal(2, owners.Length);
        Assert.Equal("web-1", owners[0].GetProperty("pod").GetProperty("name").GetString());
        Assert.Equal(4, owners[0].GetProperty("allocatedLsn").GetInt64());
        Assert.Equal(6, owners[0].GetProperty("endedLsn").GetInt64());
        Assert.Equal("cniDel", owners[0].GetProperty("releaseReason").GetString());
        Assert.Equal("2026-11-27T10:01:00Z", owners[0].GetProperty("endedAt").GetString());
        Assert.Equal("uid-5", owners[1].GetProperty("pod").GetProperty("uid").GetString());
        Assert.Equal("live", owners[1].GetProperty("end").GetString());
        Assert.Equal(JsonValueKind.Null, owners[1].GetProperty("endedLsn").ValueKind);
    }
}
