using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using EsCni.Testing;

namespace EsCni.Replay.Tests;

public sealed class TimelineCommandTests(ReplayScenarioFixture fixture) : IClassFixture<ReplayScenarioFixture>
{
    [Fact]
    public async Task Run_Pod_ListsAllocationQuarantineAndReleaseInOrder()
    {
        (int exit, string stdout, string stderr) = await ReplayCli.RunAsync("replay", "timeline", "--pod", "default/web-2", "--journal", fixture.Dir);

        Assert.True(exit == 0, stderr);
        Assert.Contains("timeline of pod default/web-2: 3 event(s)", stdout);
        Assert.Equal(["5", "17", "18"], Lsns(stdout));
        Assert.Matches(@"(?m)^5\s+2026-11-27T10:00:20Z\s+IpAllocated\s+cni add-2\s+10\.0\.1\.11 -> default/web-2 uid uid-2", stdout);
        Assert.Matches(@"(?m)^18\s+2026-11-27T10:03:50Z\s+IpReleased\s+reconciler\s+10\.0\.1\.11 .* reason Reconcile", stdout);
    }

    [Fact]
    public async Task Run_Eni_IncludesTheCreateIntentByClientToken()
    {
        (int exit, string stdout, _) = await ReplayCli.RunAsync("replay", "timeline", "--eni", "eni-second", "--journal", fixture.Dir);

        Assert.Equal(0, exit);
        Assert.Equal(["9", "10", "11", "12", "13", "14", "15", "19", "20", "21", "22", "23"], Lsns(stdout));
        Assert.Matches(@"(?m)^10\s+\S+\s+EniCreated\s+warm-pool aws=aws-create-1 token=tok-1", stdout);
    }

    [Fact]
    public async Task Run_Ip_FollowsPoolAndAllocations()
    {
        (int exit, string stdout, _) = await ReplayCli.RunAsync("replay", "timeline", "--ip", "10.0.1.10", "--journal", fixture.Dir);

        Assert.Equal(0, exit);
        Assert.Equal(["3", "4", "6", "16"], Lsns(stdout));
    }

    [Fact]
    public async Task Run_ContainerJson_PrintsJsonLinesWithTypeAndLsn()
    {
        (int exit, string stdout, _) = await ReplayCli.RunAsync("replay", "timeline", "--container", "c10000000000", "--journal", fixture.Dir, "--json");

        Assert.Equal(0, exit);
        JsonElement[] events = stdout.Split('\n', System.StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(["IpAllocated", "IpReleased"], events.Select(e => e.GetProperty("type").GetString()!).ToArray());
        Assert.Equal([4L, 6L], events.Select(e => e.GetProperty("lsn").GetInt64()).ToArray());
        Assert.Equal("10.0.1.10", events[0].GetProperty("ip").GetString());
        Assert.Equal("del-1", events[1].GetProperty("cause").GetProperty("requestId").GetString());
    }

    private static string[] Lsns(string stdout) =>
        Regex.Matches(stdout, @"(?m)^(\d+)\s").Select(m => m.Groups[1].Value).ToArray();
}
