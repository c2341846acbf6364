using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading.Tasks;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Journal;
using EsCni.Testing;

namespace EsCni.Replay.Tests;

public sealed class VerifyCommandTests
{
    [Fact]
    public async Task Run_CleanJournal_ExitsZero()
    {
        await using ScenarioJournal scenario = await ScenarioJournal.CreateAsync();
        await scenario.CloseAsync();

        (int exit, string stdout, string stderr) = await ReplayCli.RunAsync("replay", "verify", "--journal", scenario.Directory);

        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("25 events verified, LSN 1..25", stdout);
        Assert.Contains("invariants: 25 events checked, 0 violation(s)", stdout);
        Assert.EndsWith("result: clean", stdout.TrimEnd());
    }

    [Fact]
    public async Task Run_LiveJournalHeldByWriter_ReadsWithoutTheLock()
    {
        await using ScenarioJournal scenario = await ScenarioJournal.CreateAsync();

        (int exit, string stdout, _) = await ReplayCli.RunAsync("replay", "verify", "--journal", scenario.Directory);

        Assert.Equal(0, exit);
        Assert.Contains("result: clean", stdout);
        Assert.Equal(26, await scenario.AppendRawAsync(new NodeStopped(Guid.NewGuid(), ScenarioJournal.At(300), Cause.Of(CauseKind.Startup), "still writable")));
    }

    [Fact]
    public async Task Run_InjectedViolations_ReportsEachWithItsLsnAndExitsOne()
    {
        await using ScenarioJournal scenario = await ScenarioJournal.CreateAsync();
        Cause cni = Cause.Of(CauseKind.CniRequest);
        Ipv4Address ten = Ipv4Address.Parse("10.0.1.10");
        // 26: web-9 takes 10.0.1.10 while web-5 still owns it.
        long doubleOwner = await scenario.AppendRawAsync(new IpAllocated(Guid.NewGuid(), ScenarioJournal.At(300), cni, ten, "eni-primary", ScenarioJournal.Key(9), ScenarioJournal.Pod(9), "/var/run/netns/x"));
        // 27-28: web-9 lets go, and web-10 takes the IP 5 s later, inside the 60 s cooldown.
        await scenario.AppendRawAsync(new IpReleased(Guid.NewGuid(), ScenarioJournal.At(310), cni, ten, ScenarioJournal.Key(9), ReleaseReason.CniDel));
        long cooldown = await scenario.AppendRawAsync(new IpAllocated(Guid.NewGuid(), ScenarioJournal.At(315), cni, ten, "eni-primary", ScenarioJournal.Key(10), ScenarioJournal.Pod(10), "/var/run/netns/y"));
        // 29: an IP of the ENI detached at LSN 22.
        long detached = await scenario.AppendRawAsync(new IpAllocated(Guid.NewGuid(), ScenarioJournal.At(320), cni, Ipv4Address.Parse("10.0.2.20"), "eni-second", ScenarioJournal.Key(11), ScenarioJournal.Pod(11), "/var/run/netns/z"));
        await scenario.CloseAsync();

        (int exit, string stdout, _) = await ReplayCli.RunAsync("replay", "verify", "--journal", scenario.Directory);

        Assert.Equal(1, exit);
        Assert.Equal((26L, 28L, 29L), (doubleOwner, cooldown, detached));
        Assert.Contains("LSN 26: SingleOwner: IP 10.0.1.10 was allocated to aws-cni/c9", stdout);
        Assert.Contains("LSN 28: CooldownRespected: IP 10.0.1.10 was reallocated 5 s after its release at LSN 27; cooldown is 60 s", stdout);
        Assert.Contains("LSN 29: AllocatedOnAttachedEni: IP 10.0.2.20 was allocated on ENI eni-second, which is not attached at LSN 29", stdout);
        Assert.Contains("result: FINDINGS (exit 1)", stdout);

        (int jsonExit, string json, _) = await ReplayCli.RunAsync("replay", "verify", "--journal", scenario.Directory, "--json");
        Assert.Equal(1, jsonExit);
        using JsonDocument doc = JsonDocument.Parse(json);
        Assert.False(doc.RootElement.GetProperty("clean").GetBoolean());
        Assert.Contains(doc.RootElement.GetProperty("violations").EnumerateArray(), v => v.GetProperty("lsn").GetInt64() == 28 && v.GetProperty("rule").GetString() == "CooldownRespected");
    }

    [Fact]
    public async Task Run_MissingMiddleSegment_ReportsTheLsnGap()
    {
        // Tiny segments so the story spans several files; one is deleted as if lost from a copy.
        await using ScenarioJournal scenario = await ScenarioJournal.CreateAsync(new JournalOptions { SegmentBytes = 2048, MaxBatchBytes = 1024 });
        for (int i = 0; i < 20; i++)
        {
            await scenario.AppendRawAsync(new DriftDetected(Guid.NewGuid(), ScenarioJournal.At(300 + i), Cause.Of(CauseKind.Reconciler), $"eni-x{i}", "attached", "gone"));
        }

        await scenario.CloseAsync();
        string[] segments = Directory.GetFiles(scenario.Directory, "*.seg").Order(StringComparer.Ordinal).ToArray();
        Assert.True(segments.Length >= 3, $"expected 3+ segments, got {segments.Length}");
        long missingFrom = long.Parse(Path.GetFileNameWithoutExtension(segments[1]), System.Globalization.CultureInfo.InvariantCulture);
        File.Delete(segments[1]);

        (int exit, string stdout, _) = await ReplayCli.RunAsync("replay", "verify", "--journal", scenario.Directory);

        Assert.Equal(1, exit);
        Assert.Contains($"LSN {missingFrom}: FrameIntegrity:", stdout);
        Assert.Contains("a segment is missing", stdout);
        Assert.Contains($"LSN 1..{missingFrom - 1}", stdout);
    }

    [Fact]
    public async Task Run_TornTail_ReportsItAndLeavesTheFileUntouched()
    {
        await using ScenarioJournal scenario = await ScenarioJournal.CreateAsync();
        await scenario.CloseAsync();
        string active = Directory.GetFiles(scenario.Directory, "*.seg").Order(StringComparer.Ordinal).Last();
        byte[] bytes = File.ReadAllBytes(active);
        int dataEnd = Array.FindLastIndex(bytes, b => b != 0) + 1;
        // Zero the last 16 bytes of the last batch: its commit frame no longer verifies, as after a crash mid-write.
        Array.Clear(bytes, dataEnd - 16, 16);
        File.WriteAllBytes(active, bytes);
        byte[] before = SHA256.HashData(File.ReadAllBytes(active));

        (int exit, string stdout, _) = await ReplayCli.RunAsync("replay", "verify", "--journal", scenario.Directory);

        Assert.Equal(0, exit);
        Assert.Contains("torn tail:", stdout);
        Assert.Contains("LSN 1..24", stdout);
        Assert.Contains("not repaired here", stdout);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(active)));
        Assert.Empty(Directory.GetFiles(scenario.Directory, "*.broken*"));
    }

    [Fact]
    public async Task Run_MissingDirectory_ExitsTwoWithTheReason()
    {
        (int exit, _, string stderr) = await ReplayCli.RunAsync("replay", "verify", "--journal", "/nonexistent/escni-journal");

        Assert.Equal(2, exit);
        Assert.Contains("cannot read the journal", stderr);
        Assert.Contains("/nonexistent/escni-journal", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }
}
