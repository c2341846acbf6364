using System.Diagnostics;
using System.Text.Json;
using EsCni.Integration.Support;
using Xunit.Abstractions;

namespace EsCni.Integration.Reliability;

/// <summary>
/// Pods churn through the real plugin and daemon (EC2 throttling 20 % of calls) while the daemon is SIGKILLed at random
/// moments and restarted. A kill counts only when the daemon was alive to receive it; a daemon that exited by itself
/// fails the test with its exit code and last log lines. After every restart the workers pause and the daemon's
/// /v1/pods is compared with the ledger: every acknowledged, undeleted ADD holds its IP, no IP has two holders, and
/// every key whose DEL returned success holds nothing — a DEL that could not reach the daemon spooled its release, and
/// the restarted daemon applied it (compared once the spool is empty: an entry written while the daemon was starting
/// is applied by its periodic scan). At the end the journal verifies and the node has exactly the routes and rules of
/// live pods.
/// </summary>
[Collection(nameof(NodeCollection))]
public sealed class CrashStormTests
{
    private const int InFlight = 16;
    private const int SigkillExitCode = 128 + 9; // what .NET reports for a process that SIGKILL ended
    private const int GcEveryRestarts = 5;

    private readonly ITestOutputHelper _output;

    public CrashStormTests(ITestOutputHelper output)
    {
        _output = output;
    }

    /// <param name="delDaemonWaitSeconds">The plugin's DEL wait: 5 (the default) lets most DELs reach the restarted
    /// daemon; 0 sends every DEL made while the daemon is down to the spool, so the spool carries the whole load.</param>
    /// <param name="defaultKills">SIGKILLs in a default run (≈1 min of storm each); 200 under ESCNI_LONG=1.</param>
    [Theory]
    [InlineData(5.0, 12)]
    [InlineData(0.0, 6)]
    public async Task PluginChurn_DaemonSigkilledRepeatedly_NoAcknowledgedIpLostOrDuplicated(double delDaemonWaitSeconds, int defaultKills)
    {
        int kills = RepoPaths.Long ? 200 : defaultKills;
        var random = new Random(10);
        var clock = Stopwatch.StartNew();
        await using NodeStack stack = await NodeStack.StartAsync("m5.xlarge", new Dictionary<string, string>
        {
            ["WARM_IP_TARGET"] = "8",
            ["MINIMUM_IP_TARGET"] = "24",
            ["IP_COOLDOWN_PERIOD"] = "1",
            ["ESCNI_SPOOL_SCAN_S"] = "1",
        });
        await stack.SetFaultsAsync(new { throttleRate = 0.2 });
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= InFlight, TimeSpan.FromSeconds(90), $"{InFlight} free IPs under 20 % throttling");

        using var driver = new CrashStormDriver(stack, InFlight, delDaemonWaitSeconds);
        var violations = new List<string>();
        long eventsVerified = 0;
        long verifyMs = 0, restartMs = 0, gcMs = 0;
        var leakedKeys = new HashSet<string>(StringComparer.Ordinal);
        int mostLeakedAtOnce = 0;
        string? diedByItself = null;
        using var stop = new CancellationTokenSource();
        Task traffic = driver.RunAsync(stop.Token);
        try
        {
            for (int kill = 1; kill <= kills; kill++)
            {
                await Task.Delay(random.Next(800, 2500));
                diedByItself = await KillAsync(stack.Daemon, kill);
                if (diedByItself is not null)
                {
                    break;
                }

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
                restartMs += clock.ElapsedMilliseconds - restartStart;

                using (await driver.PauseAsync())
                {
                    violations.AddRange(await WaitForEmptySpoolAsync(stack, $"restart #{kill}"));
                    LedgerComparison comparison = driver.Ledger.Compare(await PodsAsync(stack));
                    violations.AddRange(comparison.Violations.Select(v => $"after restart #{kill}: {v}"));
                    violations.AddRange(comparison.LeakedAfterDel.Select(k => $"after restart #{kill}: {k}'s DEL returned success but it still holds an IP"));
                    leakedKeys.UnionWith(comparison.LeakedAfterDel);
                    mostLeakedAtOnce = Math.Max(mostLeakedAtOnce, comparison.LeakedAfterDel.Count);
                }

                // The runtime's GC still runs (kubelet's 1.1 runtimes send it), but only after the check above, so it
                // cannot hide a DEL the spool lost; not every restart needs it.
                long gcStart = clock.ElapsedMilliseconds;
                if (kill % GcEveryRestarts == 0)
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

        Assert.True(diedByItself is null, diedByItself);

        // Every ADD the plugin acknowledged and no DEL gave back is still held by its key, with the same IP.
        // After the final restart: every successful DEL's key is gone, every acknowledged undeleted one holds its IP.
        IReadOnlyDictionary<string, string> live = driver.Ledger.Live();
        violations.AddRange(await WaitForEmptySpoolAsync(stack, "the end"));
        LedgerComparison atEnd = driver.Ledger.Compare(await PodsAsync(stack));
        violations.AddRange(atEnd.Violations.Select(v => "at the end: " + v));
        violations.AddRange(atEnd.LeakedAfterDel.Select(k => $"at the end: {k}'s DEL returned success but it still holds an IP"));
        leakedKeys.UnionWith(atEnd.LeakedAfterDel);
        int spooled = SpooledDels(stack);

        // GC with the runtime's list: nothing is left for it to drop; then pool == live pods exactly.
        await driver.GcAsync();
        Dictionary<string, string> held = (await PodsAsync(stack)).ToDictionary(p => p.Key, p => p.Ip, StringComparer.Ordinal);
        violations.AddRange(held.Keys.Except(live.Keys).Select(k => $"{k} is still allocated ({held[k]}) after GC, but no live pod has it"));

        var liveIps = live.Values.ToHashSet(StringComparer.Ordinal);
        violations.AddRange(HostPodState.Read(stack.Node).Differences(liveIps).Select(d => "with live pods: " + d));

        await driver.DeleteKeptAsync();
        violations.AddRange((await PodsAsync(stack)).Select(p => $"{p.Key} still holds {p.Ip} after its DEL"));
        violations.AddRange(HostPodState.Read(stack.Node).Differences(new HashSet<string>()).Select(d => "after the last DEL: " + d));
        ReplayVerdict final = ReplayVerifier.Verify(stack.JournalDirectory);
        if (!final.IsClean)
        {
            violations.Add("at the end: " + final);
        }

        violations.AddRange(driver.Ledger.Violations);
        violations.AddRange(driver.Violations);
        _output.WriteLine($"crash storm (delDaemonWaitSeconds {delDaemonWaitSeconds}): {driver.Pods} pods, {driver.Ledger.AddsAcknowledged} ADDs acknowledged, {driver.Ledger.DelsAcknowledged} DELs acknowledged, " +
            $"ADD failures by CNI code [{string.Join(", ", driver.AddFailureCodes.OrderBy(c => c.Key).Select(c => $"{c.Key}: {c.Value}"))}], " +
            $"{kills} SIGKILLs of a live daemon survived, {driver.GcRuns} GC runs, {InFlight} in flight, EC2 throttle 20 %, {live.Count} pods live at the end, " +
            $"{spooled} DELs spooled while the daemon was down, {leakedKeys.Count} DELs returned success but left their IP allocated (at most {mostLeakedAtOnce} at one restart), " +
            $"{final.EventsChecked} events verified at the end ({eventsVerified} at the last restart), {violations.Count} violations, {clock.Elapsed.TotalSeconds:F0} s " +
            $"(per restart: verify {verifyMs / kills} ms, restart to ready {restartMs / kills} ms, GC {gcMs / Math.Max(1, driver.GcRuns - 1)} ms)");
        Assert.True(violations.Count == 0, string.Join('\n', violations.Take(30)));
        Assert.True(driver.Ledger.AddsAcknowledged >= 100, $"only {driver.Ledger.AddsAcknowledged} ADDs succeeded: the storm did not exercise the pool");
    }

    /// <returns>Null when SIGKILL #<paramref name="kill"/> hit a live daemon; otherwise why the test must fail.</returns>
    private static async Task<string?> KillAsync(ChildProcess daemon, int kill)
    {
        // Checked before and after: a daemon that exits just before the signal reports its own code, not 137.
        if (!daemon.HasExited)
        {
            await daemon.KillHardAsync();
            if (daemon.ExitCode == SigkillExitCode)
            {
                return null;
            }
        }

        await Task.Delay(100); // let its last lines arrive
        return $"before SIGKILL #{kill} the daemon had exited by itself with code {daemon.ExitCode}; its last lines:\n" + string.Join('\n', daemon.Lines.TakeLast(30));
    }

    // The restarted daemon applied what was spooled before it started; an entry a DEL wrote while it was starting waits
    // for the periodic scan (ESCNI_SPOOL_SCAN_S=1 here). Polled, not timed: the bound only keeps a broken scan from hanging.
    private static async Task<IEnumerable<string>> WaitForEmptySpoolAsync(NodeStack stack, string when)
    {
        for (int i = 0; i < 200 && SpoolEntries(stack).Length > 0; i++)
        {
            await Task.Delay(50);
        }

        return SpoolEntries(stack).Select(e => $"at {when} the daemon left the spooled DEL {e} unapplied");
    }

    private static string[] SpoolEntries(NodeStack stack) =>
        Directory.Exists(stack.SpoolDirectory) ? Directory.GetFiles(stack.SpoolDirectory, "del-*.json") : [];

    // Counted from the plugin's own log lines: one per DEL whose release went to the spool.
    private static int SpooledDels(NodeStack stack)
    {
        string log = Path.Combine(stack.WorkDirectory, "plugin.log");
        return File.Exists(log) ? File.ReadLines(log).Count(l => l.Contains("release spooled in", StringComparison.Ordinal)) : 0;
    }

    private static async Task<List<(string Key, string Ip)>> PodsAsync(NodeStack stack)
    {
        JsonElement pods = await stack.GetJsonAsync("/v1/pods");
        return [.. pods.EnumerateArray().Select(p => (p.GetProperty("containerId").GetString()!, p.GetProperty("ip").GetString()!))];
    }
}
