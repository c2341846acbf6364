using System.Diagnostics;
using System.Text.Json;
using EsCni.Integration.Support;
using Xunit.Abstractions;

namespace EsCni.Integration.Reliability;

/// <summary>
/// Pods churn through the real plugin and daemon (EC2 throttling 20 % of calls) while the daemon is SIGKILLed at random
/// moments and restarted. At every restart and at the end: the journal verifies, every acknowledged ADD is still held
/// by its key (or was given back by a DEL), no IP has two owners, and the node has exactly the routes and rules of the
/// pods that are still attached.
/// </summary>
[Collection(nameof(NodeCollection))]
public sealed class CrashStormTests
{
    private const int InFlight = 16;

    private readonly ITestOutputHelper _output;

    public CrashStormTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task PluginChurn_DaemonSigkilledRepeatedly_NoAcknowledgedIpLostOrDuplicated()
    {
        int kills = RepoPaths.Long ? 200 : 25;
        var random = new Random(10);
        var clock = Stopwatch.StartNew();
        await using NodeStack stack = await NodeStack.StartAsync("m5.xlarge", new Dictionary<string, string>
        {
            ["WARM_IP_TARGET"] = "8",
            ["MINIMUM_IP_TARGET"] = "24",
            ["IP_COOLDOWN_PERIOD"] = "1",
        });
        await stack.SetFaultsAsync(new { throttleRate = 0.2 });
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= InFlight, TimeSpan.FromSeconds(90), $"{InFlight} free IPs under 20 % throttling");

        using var driver = new CrashStormDriver(stack, InFlight);
        var violations = new List<string>();
        long eventsVerified = 0;
        long verifyMs = 0, restartMs = 0, gcMs = 0;
        using var stop = new CancellationTokenSource();
        Task traffic = driver.RunAsync(stop.Token);
        try
        {
            for (int kill = 1; kill <= kills; kill++)
            {
                await Task.Delay(random.Next(800, 2500));
                await stack.Daemon.KillHardAsync();
                long verifyStart = clock.ElapsedMilliseconds;
                ReplayVerdict verdict = ReplayVerifier.Verify(stack.JournalDirectory);
                if (!verdict.IsClean)
                {
                    violations.Add($"after SIGKILL #{kill}: {verdict}");
                }

                eventsVerified = verdict.EventsChecked;
                long restartStart = clock.ElapsedMilliseconds;
                verifyMs += restartStart - verifyStart;
                await stack.StartDaemonAsync();
                long gcStart = clock.ElapsedMilliseconds;
                restartMs += gcStart - restartStart;

                // The runtime's GC frees what DELs sent while the daemon was down could not; not every restart needs it.
                if (kill % 5 == 0)
                {
                    await driver.GcAsync();
                    gcMs += clock.ElapsedMilliseconds - gcStart;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await traffic;
        }

        // Every ADD the plugin acknowledged and no DEL gave back is still held by its key, with the same IP.
        IReadOnlyDictionary<string, string> live = driver.Ledger.Live();
        Dictionary<string, string> held = await PodsAsync(stack);
        foreach ((string key, string ip) in live)
        {
            if (!held.TryGetValue(key, out string? heldIp) || heldIp != ip)
            {
                violations.Add($"{key} was acknowledged with {ip} and never deleted, but the daemon holds {heldIp ?? "nothing"} for it");
            }
        }

        // GC with the runtime's list drops what DELs during downtime could not release; then pool == live pods exactly.
        await driver.GcAsync();
        held = await PodsAsync(stack);
        violations.AddRange(held.Keys.Except(live.Keys).Select(k => $"{k} is still allocated ({held[k]}) after GC, but no live pod has it"));
        if (held.Values.Distinct(StringComparer.Ordinal).Count() != held.Count)
        {
            violations.Add("two live keys share an IP: " + string.Join(", ", held.GroupBy(p => p.Value).Where(g => g.Count() > 1).Select(g => g.Key)));
        }

        var liveIps = live.Values.ToHashSet(StringComparer.Ordinal);
        violations.AddRange(HostPodState.Read(stack.Node).Differences(liveIps).Select(d => "with live pods: " + d));

        await driver.DeleteKeptAsync();
        held = await PodsAsync(stack);
        violations.AddRange(held.Select(p => $"{p.Key} still holds {p.Value} after its DEL"));
        violations.AddRange(HostPodState.Read(stack.Node).Differences(new HashSet<string>()).Select(d => "after the last DEL: " + d));
        ReplayVerdict final = ReplayVerifier.Verify(stack.JournalDirectory);
        if (!final.IsClean)
        {
            violations.Add("at the end: " + final);
        }

        violations.AddRange(driver.Ledger.Violations);
        violations.AddRange(driver.Violations);
        _output.WriteLine($"crash storm: {driver.Pods} pods, {driver.Ledger.AddsAcknowledged} ADDs acknowledged, {driver.Ledger.DelsAcknowledged} DELs acknowledged, " +
            $"ADD failures by CNI code [{string.Join(", ", driver.AddFailureCodes.OrderBy(c => c.Key).Select(c => $"{c.Key}: {c.Value}"))}], " +
            $"{kills} SIGKILLs survived, {driver.GcRuns} GC runs, {InFlight} in flight, EC2 throttle 20 %, {live.Count} pods live at the end, " +
            $"{final.EventsChecked} events verified at the end ({eventsVerified} at the last restart), {violations.Count} violations, {clock.Elapsed.TotalSeconds:F0} s " +
            $"(per restart: verify {verifyMs / kills} ms, restart to ready {restartMs / kills} ms, GC {gcMs / Math.Max(1, driver.GcRuns - 1)} ms)");
        Assert.True(violations.Count == 0, string.Join('\n', violations.Take(30)));
        Assert.True(driver.Ledger.AddsAcknowledged >= 100, $"only {driver.Ledger.AddsAcknowledged} ADDs succeeded: the storm did not exercise the pool");
    }

    private static async Task<Dictionary<string, string>> PodsAsync(NodeStack stack)
    {
        JsonElement pods = await stack.GetJsonAsync("/v1/pods");
        return pods.EnumerateArray().ToDictionary(p => p.GetProperty("containerId").GetString()!, p => p.GetProperty("ip").GetString()!, StringComparer.Ordinal);
    }
}
