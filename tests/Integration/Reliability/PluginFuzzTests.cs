using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsCni.Integration.Support;
using Xunit.Abstractions;

namespace EsCni.Integration.Reliability;

/// <summary>
/// The published plugin under hostile stdin and CNI_* environments (PluginFuzzer): never a crash, hang or stack trace;
/// every failure is CNI error JSON with a valid code; nothing leaks into the host or pod namespace or the daemon's pool.
/// </summary>
[Collection(nameof(NodeCollection))]
public sealed class PluginFuzzTests
{
    private const int Parallelism = 4; // exec-bound: four in flight keep two cores busy

    private readonly ITestOutputHelper _output;

    public PluginFuzzTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task HostileInput_NoDaemon_AlwaysCniErrorJsonAndNothingLeaked()
    {
        int cases = RepoPaths.Long ? 100_000 : 10_000;
        using var hostSpool = new HostSpoolCleanup();
        using NetworkNamespace node = NetworkNamespace.Create("escni-relfz");
        using NetworkNamespace pod = NetworkNamespace.Create("escni-relfz");
        string scratch = Directory.CreateTempSubdirectory("escni-relfz-").FullName;
        byte[] passwd = SHA256.HashData(await File.ReadAllBytesAsync("/etc/passwd"));
        var targets = new PluginFuzzTargets(pod.Path, Path.Combine(scratch, "nobody-listens.sock"), scratch);
        var problems = new ConcurrentQueue<PluginResultOfCase>();
        var codes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, cases), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (seed, _) =>
            {
                PluginFuzzCase fuzz = PluginFuzzer.Generate(seed, targets, mostlyValidEnvironment: seed % 2 == 0);
                PluginResultOfCase result = await PluginFuzzOracle.RunAsync(RepoPaths.Plugin, node.Path, fuzz);
                string? problem = result.Problem
                    ?? (result.ExitCode == 0 && fuzz.Command is not ("VERSION" or "DEL") ? "succeeded without a daemon" : null);
                if (problem is not null)
                {
                    problems.Enqueue(result with { Problem = problem });
                }

                codes.AddOrUpdate(result.ExitCode == 0 ? "ok" : $"code {result.ErrorCode}", 1, (_, n) => n + 1);
            });

            string[] leaks = [.. Leaks(node), .. Leaks(pod)];
            _output.WriteLine($"plugin fuzz, no daemon: {cases} cases in {clock.Elapsed.TotalSeconds:F0} s ({Parallelism} in flight); outcomes " +
                string.Join(", ", codes.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value}")) + $"; {problems.Count} violations, {leaks.Length} leaks; {hostSpool.Left} DEL(s) fell back to the default spool (a mutated spoolDir key), removed");
            Assert.True(problems.IsEmpty, $"{problems.Count} bad outcomes; first ones:\n" + string.Join("\n\n", problems.Take(20)));
            Assert.Empty(leaks);
            Assert.Equal(passwd, SHA256.HashData(await File.ReadAllBytesAsync("/etc/passwd")));
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public async Task HostileInput_LiveDaemon_PoolHostAndJournalStayConsistent()
    {
        int cases = RepoPaths.Long ? 5_000 : 400;
        using var hostSpool = new HostSpoolCleanup();
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: new Dictionary<string, string> { ["WARM_IP_TARGET"] = "4", ["IP_COOLDOWN_PERIOD"] = "0" });
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 2, TimeSpan.FromSeconds(60), "2 free IPs");
        string scratch = Path.Combine(stack.WorkDirectory, "fuzz");
        Directory.CreateDirectory(scratch);
        var pods = Enumerable.Range(0, 2).Select(_ => NetworkNamespace.Create("escni-relfz")).ToArray();
        var problems = new ConcurrentQueue<string>();
        var codes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        int added = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            // One pod namespace per worker, so a successful ADD never collides with the other worker's interface.
            await Task.WhenAll(pods.Select((pod, worker) => Task.Run(async () =>
            {
                var targets = new PluginFuzzTargets(pod.Path, stack.SocketPath, scratch);
                for (int seed = 1_000_000 + worker; seed < 1_000_000 + cases; seed += pods.Length)
                {
                    PluginFuzzCase fuzz = PluginFuzzer.Generate(seed, targets, mostlyValidEnvironment: true);
                    PluginResultOfCase result = await PluginFuzzOracle.RunAsync(RepoPaths.Plugin, stack.Node.Path, fuzz);
                    codes.AddOrUpdate(result.ExitCode == 0 ? "ok" : $"code {result.ErrorCode}", 1, (_, n) => n + 1);
                    if (result.Problem is not null)
                    {
                        problems.Enqueue(result.ToString());
                    }

                    if (result.ExitCode == 0 && fuzz.Command == "ADD")
                    {
                        Interlocked.Increment(ref added);
                        string? delProblem = await DeleteAsync(stack, fuzz, result.Stdout);
                        if (delProblem is not null)
                        {
                            problems.Enqueue(delProblem);
                        }
                    }
                }
            })));

            Assert.False(stack.Daemon.HasExited, "the daemon exited during the fuzz run:\n" + stack.Daemon.Output);
            var held = (await stack.GetJsonAsync("/v1/pods")).EnumerateArray().Select(p => $"{p.GetProperty("containerId")} {p.GetProperty("ip")}").ToList();
            if (held.Count > 0)
            {
                problems.Enqueue("allocations left after every successful ADD was deleted: " + string.Join(", ", held));
            }

            foreach (string difference in HostPodState.Read(stack.Node).Differences(new HashSet<string>()))
            {
                problems.Enqueue("host: " + difference);
            }

            foreach (string leak in pods.SelectMany(Leaks))
            {
                problems.Enqueue("pod namespace: " + leak);
            }

            ReplayVerdict verdict = ReplayVerifier.Verify(stack.JournalDirectory);
            if (!verdict.IsClean)
            {
                problems.Enqueue(verdict.ToString());
            }

            string[] found = problems.ToArray();
            _output.WriteLine($"plugin fuzz, live daemon: {cases} cases in {clock.Elapsed.TotalSeconds:F0} s, {added} ADDs succeeded (each DELeted); outcomes " +
                string.Join(", ", codes.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}: {c.Value}")) + $"; journal {verdict.EventsChecked} events verified; {found.Length} violations");
            Assert.True(found.Length == 0, string.Join("\n\n", found.Take(5)));
        }
        finally
        {
            foreach (NetworkNamespace pod in pods)
            {
                pod.Dispose();
            }
        }
    }

    private static async Task<string?> DeleteAsync(NodeStack stack, PluginFuzzCase added, string result)
    {
        // The runtime sends DEL the very config ADD got (its network name is part of the allocation's key), plus prevResult.
        // A config the plugin accepted but .NET's JsonNode cannot read (invalid UTF-8 inside an ignored field) goes back
        // byte for byte without prevResult, which the spec allows.
        byte[] stdin = added.Stdin;
        if (TryParseObject(added.Stdin) is { } config)
        {
            config["prevResult"] = JsonNode.Parse(result);
            stdin = Encoding.UTF8.GetBytes(config.ToJsonString());
        }

        var env = new Dictionary<string, string?>(added.Environment, StringComparer.Ordinal) { ["CNI_COMMAND"] = "DEL" };
        PluginResultOfCase del = await PluginFuzzOracle.RunAsync(RepoPaths.Plugin, stack.Node.Path, new PluginFuzzCase(added.Seed, env, stdin));
        return del.ExitCode == 0 ? null : "DEL after a successful fuzzed ADD failed: " + del;
    }

    private static JsonObject? TryParseObject(byte[] json)
    {
        try
        {
            var config = JsonNode.Parse(json) as JsonObject;
            _ = config?.ToJsonString(); // JsonNode decodes property names lazily: do it here, where a bad one is caught
            return config;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static IEnumerable<string> Leaks(NetworkNamespace ns)
    {
        foreach (string link in ns.Exec("ip", "-o", "link", "show").Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.Contains(": lo:", StringComparison.Ordinal)))
        {
            yield return $"{ns.Name}: link left behind: {link}";
        }

        foreach (string rule in ns.Exec("ip", "-4", "rule", "show").Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(r => !r.StartsWith("0:", StringComparison.Ordinal) && !r.StartsWith("32766:", StringComparison.Ordinal) && !r.StartsWith("32767:", StringComparison.Ordinal)))
        {
            yield return $"{ns.Name}: rule left behind: {rule}";
        }

        foreach (string route in ns.Exec("ip", "-4", "route", "show", "table", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            yield return $"{ns.Name}: route left behind: {route}";
        }
    }
}
