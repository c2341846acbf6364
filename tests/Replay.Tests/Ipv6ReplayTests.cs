using System.Text.Json;
using System.Threading.Tasks;
using EsCni.Testing;

namespace EsCni.Replay.Tests;

/// <summary>The replay verbs on a journal that turned to IPv6: who-had / timeline / state / dump / stats / verify answer for IPv6 addresses and pods.</summary>
public sealed class Ipv6ReplayTests(Ipv6ScenarioFixture fixture) : IClassFixture<Ipv6ScenarioFixture>
{
    private const string First = "2600:1f14:abc:de01:1234::1";

    [Fact]
    public async Task WhoHad_Ipv6Address_ListsThePodWithItsReleaseAndLsns()
    {
        (int exit, string stdout, string stderr) = await ReplayCli.RunAsync("replay", "who-had", "2600:1F14:ABC:DE01:1234:0:0:1", "--journal", fixture.Dir);

        Assert.True(exit == 0, stderr);
        string[] lines = stdout.Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"{First} over the whole journal: 1 owner(s)", lines[0]);
        Assert.Matches(@"^default/web-7\s+uid-7\s+c70+\s+eth0\s+eni-primary\s+2026-11-27T10:05:10Z\s+28\s+2026-11-27T10:06:40Z\s+30\s+released \(CniDel\)", lines[2]);
    }

    [Fact]
    public async Task WhoHad_Ipv6AtMoment_ListsOnlyTheOwnerThen()
    {
        (int exit, string before, _) = await ReplayCli.RunAsync("replay", "who-had", "2600:1f14:abc:de01:1234::3", "--journal", fixture.Dir, "--at", ScenarioJournal.Arg(405));
        (_, string after, _) = await ReplayCli.RunAsync("replay", "who-had", "2600:1f14:abc:de01:1234::3", "--journal", fixture.Dir, "--at", ScenarioJournal.Arg(420), "--json");

        Assert.Equal(0, exit);
        Assert.Contains("0 owner(s)", before, System.StringComparison.Ordinal);
        using JsonDocument doc = JsonDocument.Parse(after);
        JsonElement owner = Assert.Single(doc.RootElement.GetProperty("owners").EnumerateArray());
        Assert.Equal("2600:1f14:abc:de01:1234::3", owner.GetProperty("address").GetString());
        Assert.Equal("web-9", owner.GetProperty("pod").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Timeline_Ipv6AddressAndPod_ShowTheirIpv6Events()
    {
        (int exit, string byIp, string stderr) = await ReplayCli.RunAsync("replay", "timeline", "--ip", First, "--journal", fixture.Dir);
        (_, string byPod, _) = await ReplayCli.RunAsync("replay", "timeline", "--pod", "default/web-7", "--journal", fixture.Dir);

        Assert.True(exit == 0, stderr);
        Assert.Contains("3 event(s)", byIp, System.StringComparison.Ordinal);
        Assert.Contains("Ipv6PrefixAdded", byIp, System.StringComparison.Ordinal);
        Assert.Contains($"{First} -> default/web-7", byIp, System.StringComparison.Ordinal);
        Assert.Contains("Ipv6Released", byIp, System.StringComparison.Ordinal);
        Assert.Contains("2 event(s)", byPod, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimelineDumpState_ShowTheCursorAdvancedByHostEvidence()
    {
        const string InUse = "2600:1f14:abc:de01:1234::9";
        (int exit, string byIp, string stderr) = await ReplayCli.RunAsync("replay", "timeline", "--ip", InUse, "--journal", fixture.Dir);
        (_, string dump, _) = await ReplayCli.RunAsync("replay", "dump", "--journal", fixture.Dir);
        (_, string state, _) = await ReplayCli.RunAsync("replay", "state", "--journal", fixture.Dir);

        Assert.True(exit == 0, stderr);
        Assert.Contains("Ipv6CursorAdvanced", byIp, System.StringComparison.Ordinal);
        Assert.Contains($"eni-primary cursor past {InUse} to offset 10: host route {InUse}/128 dev eni5a", dump, System.StringComparison.Ordinal);
        Assert.Contains("next offset 10", state, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task State_ListsTheSlash80TheCursorAndTheLiveIpv6Allocations()
    {
        (int exit, string stdout, string stderr) = await ReplayCli.RunAsync("replay", "state", "--journal", fixture.Dir, "--at", ScenarioJournal.Arg(500));
        (_, string json, _) = await ReplayCli.RunAsync("replay", "state", "--journal", fixture.Dir, "--at", ScenarioJournal.Arg(500), "--json");

        Assert.True(exit == 0, stderr);
        Assert.Contains("IPv6: 1 /80(s), 2 allocated, next offset 4", stdout, System.StringComparison.Ordinal);
        Assert.Contains("2600:1f14:abc:de01:1234::/80", stdout, System.StringComparison.Ordinal);
        Assert.Matches(@"2600:1f14:abc:de01:1234::2\s+eni-primary\s+default/web-8", stdout);
        Assert.DoesNotContain(First + " ", stdout, System.StringComparison.Ordinal);
        using JsonDocument doc = JsonDocument.Parse(json);
        Assert.Equal(2, doc.RootElement.GetProperty("ipv6").GetProperty("allocations").GetArrayLength());
    }

    [Fact]
    public async Task DumpStatsVerify_ReadTheIpv6Events()
    {
        (int dumpExit, string dump, string dumpErr) = await ReplayCli.RunAsync("replay", "dump", "--journal", fixture.Dir);
        (_, string stats, _) = await ReplayCli.RunAsync("replay", "stats", "--journal", fixture.Dir);
        (int verifyExit, string verify, _) = await ReplayCli.RunAsync("replay", "verify", "--journal", fixture.Dir);

        Assert.True(dumpExit == 0, dumpErr);
        Assert.Contains("eni-primary 2600:1f14:abc:de01:1234::/80 (from ec2)", dump, System.StringComparison.Ordinal);
        Assert.Contains($"{First} from default/web-7 key", dump, System.StringComparison.Ordinal);
        Assert.Matches(@"Ipv6Allocated\s+3", stats);
        Assert.Matches(@"Ipv6Released\s+1", stats);
        Assert.True(verifyExit == 0, verify);
    }

    [Fact]
    public async Task WhatIf_OnAJournalWithIpv6Events_RunsAndIgnoresThem()
    {
        (int exit, string stdout, string stderr) = await ReplayCli.RunAsync("replay", "what-if", "--journal", fixture.Dir, "--set", "WARM_IP_TARGET=1");

        Assert.True(exit == 0, stderr + stdout);
        Assert.Contains("actual", stdout, System.StringComparison.Ordinal);
    }
}
