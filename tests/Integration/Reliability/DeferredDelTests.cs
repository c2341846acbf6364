using System.Text.Json;
using System.Text.Json.Nodes;
using EsCni.Integration.Support;

namespace EsCni.Integration.Reliability;

/// <summary>
/// The DEL spool end to end: the real plugin, the real daemon SIGKILLed, a DEL while it is down, the restart that
/// applies the spooled release before serving (reason DeferredDel in `replay who-had`), and the ordering promise: a
/// stale entry never releases a newer allocation of its key, across another restart.
/// </summary>
[Collection(nameof(NodeCollection))]
public sealed class DeferredDelTests
{
    [Fact]
    public async Task Del_WhileDaemonKilled_SpooledAndReleasedAsDeferredDelBeforeServing()
    {
        await using NodeStack stack = await NodeStack.StartAsync();
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 2, TimeSpan.FromSeconds(60), "2 free IPs");
        var plugin = new PluginRunner(stack);
        JsonObject config = RuntimeCalls.Config(plugin, stack, delDaemonWaitSeconds: 1);
        using NetworkNamespace pod = NetworkNamespace.Create("escni-dd");
        (string ip, string result) = await RuntimeCalls.AddAsync(plugin, config, "dd-1", pod);

        await stack.Daemon.KillHardAsync();
        PluginResult del = await plugin.ExecAsync("escni", "DEL", RuntimeCalls.WithPrev(config, result), "dd-1", pod.Path);

        Assert.True(del.ExitCode == 0, del.ToString());
        string[] spooled = Entries(stack);
        Assert.True(spooled.Length == 1, $"expected one spool entry, found [{string.Join(", ", spooled)}]; {del}");
        string requestId = JsonDocument.Parse(File.ReadAllBytes(spooled[0])).RootElement.GetProperty("requestId").GetString()!;

        await stack.StartDaemonAsync();

        // Applied before "ready": the first answer of the new daemon already lacks the pod, and the entry is gone.
        Assert.DoesNotContain(await PodsAsync(stack), p => p.Key == "dd-1");
        Assert.Empty(Entries(stack));
        Assert.Contains(stack.Daemon.Lines, l => l.Contains("deferred DEL", StringComparison.Ordinal) && l.Contains(requestId, StringComparison.Ordinal));
        Assert.Contains("released (DeferredDel)", WhoHad(stack, ip));
    }

    [Fact]
    public async Task Add_AfterDelSpooledWhileDaemonRuns_AppliesTheDelFirstAndTheStaleEntryNeverReleasesTheNewIp()
    {
        // No periodic scan during the test: only the ADD's own check can apply the entry.
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: new Dictionary<string, string> { ["ESCNI_SPOOL_SCAN_S"] = "3600" });
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 3, TimeSpan.FromSeconds(60), "3 free IPs");
        var plugin = new PluginRunner(stack);
        JsonObject config = RuntimeCalls.Config(plugin, stack, delDaemonWaitSeconds: 1);
        using NetworkNamespace first = NetworkNamespace.Create("escni-dd");
        (string oldIp, string result) = await RuntimeCalls.AddAsync(plugin, config, "dd-2", first);

        // The DEL cannot reach the daemon (a socket path where nothing listens), so it spools; the daemon runs on.
        JsonObject unreachable = RuntimeCalls.WithPrev(config, result);
        unreachable["ipamdSocket"] = Path.Combine(stack.WorkDirectory, "nobody.sock");
        PluginResult del = await plugin.ExecAsync("escni", "DEL", unreachable, "dd-2", first.Path);
        Assert.True(del.ExitCode == 0, del.ToString());
        string entry = Assert.Single(Entries(stack));
        byte[] stale = File.ReadAllBytes(entry);

        // Same key again: without the ADD's check the daemon would answer the old IP as an existing allocation.
        using NetworkNamespace second = NetworkNamespace.Create("escni-dd");
        (string newIp, _) = await RuntimeCalls.AddAsync(plugin, config, "dd-2", second);

        Assert.NotEqual(oldIp, newIp);
        Assert.Empty(Entries(stack));
        Assert.Contains("released (DeferredDel)", WhoHad(stack, oldIp));

        // The stale entry comes back (say, a replayed spool) and is applied at the next start: the new IP is kept.
        File.WriteAllBytes(entry, stale);
        await stack.Daemon.KillHardAsync();
        await stack.StartDaemonAsync();

        Assert.Contains(await PodsAsync(stack), p => p.Key == "dd-2" && p.Ip == newIp);
        Assert.Empty(Entries(stack));
        Assert.Contains(stack.Daemon.Lines, l => l.Contains("nothing released", StringComparison.Ordinal) && l.Contains(newIp, StringComparison.Ordinal));
        await stack.Daemon.KillHardAsync();
        await stack.StartDaemonAsync();
        Assert.Contains(await PodsAsync(stack), p => p.Key == "dd-2" && p.Ip == newIp);
        Assert.DoesNotContain("DeferredDel", WhoHad(stack, newIp));
    }

    private static string[] Entries(NodeStack stack) =>
        Directory.Exists(stack.SpoolDirectory) ? Directory.GetFiles(stack.SpoolDirectory, "del-*.json") : [];

    private static string WhoHad(NodeStack stack, string ip) =>
        NetworkNamespace.Run(RepoPaths.Daemon, "replay", "who-had", ip, "--journal", stack.JournalDirectory);

    private static async Task<List<(string Key, string Ip)>> PodsAsync(NodeStack stack)
    {
        JsonElement pods = await stack.GetJsonAsync("/v1/pods");
        return [.. pods.EnumerateArray().Select(p => (p.GetProperty("containerId").GetString()!, p.GetProperty("ip").GetString()!))];
    }
}
