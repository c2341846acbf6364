using System.Text.Json;
using EsCni.Integration.Support;
using EsCni.Protocol.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit.Abstractions;

namespace EsCni.Integration.Reliability;

/// <summary>
/// The journal directory on a small tmpfs that fills up (ENOSPC) or turns read-only. Segments are preallocated with real
/// zeros, so a full disk only bites when the journal needs a new segment (a snapshot that cannot be written is skipped); a
/// read-only remount is refused by the kernel while the daemon holds a segment open for writing, so it bites at the
/// next start. Either way: a clear refusal, nothing acknowledged lost, recovery once the disk is writable again.
/// </summary>
[Collection(nameof(NodeCollection))]
public sealed class DiskTroubleTests
{
    private readonly ITestOutputHelper _output;

    public DiskTroubleTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task JournalDiskFull_SnapshotsSkippedAddsServedUntilSegmentFull_ThenClearRefusal_NothingLost_RecoversWhenSpaceReturns()
    {
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: new Dictionary<string, string>
        {
            ["WARM_IP_TARGET"] = "6", ["IP_COOLDOWN_PERIOD"] = "0", ["ESCNI_SNAPSHOT_EVERY"] = "100",
            ["ESCNI_JOURNAL_SEGMENT_MIB"] = "2", // a segment fills in seconds, so the roll onto a full disk is reached
        });
        using TmpfsMount disk = TmpfsMount.Create(Path.Combine(stack.WorkDirectory, "disk"), megabytes: 80);
        string journal = UseJournalOn(stack, disk);
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 4, TimeSpan.FromSeconds(60), "4 free IPs");
        var acknowledged = new Dictionary<string, string>(StringComparer.Ordinal);
        RpcException? refused = null;
        int pairs = 0;
        long filled;
        using (GrpcChannel channel = stack.OpenChannel())
        {
            var client = new CniBackend.CniBackendClient(channel);
            await AddAsync(client, acknowledged, "before-full", 3);
            filled = disk.Fill();
            await Task.Delay(1500); // gauges refresh once a second
            double free = await MetricAsync(stack, "escni_journal_volume_free_bytes");
            Assert.True(free < 1 << 20, $"escni_journal_volume_free_bytes is {free} on a full journal volume");

            // Appends land in the preallocated segment and the snapshots every 100 events are skipped, until the
            // segment is full and the next one cannot be created.
            for (; pairs < 50_000 && refused is null; pairs++)
            {
                try
                {
                    AddNetworkReply kept = await client.AddNetworkAsync(CniRequests.Add($"full-{pairs}"));
                    acknowledged[$"full-{pairs}"] = kept.IpAllocationMetadata[0].Ipv4Addr;
                    if (pairs % 1000 != 0)
                    {
                        await client.DelNetworkAsync(CniRequests.Del($"full-{pairs}"));
                        acknowledged.Remove($"full-{pairs}");
                    }
                }
                catch (RpcException e)
                {
                    refused = e;
                }
            }
        }

        int skipped = stack.Daemon.Lines.Count(l => l.Contains("snapshot at LSN", StringComparison.Ordinal) && l.Contains("skipped", StringComparison.Ordinal));
        _output.WriteLine($"filled the journal's tmpfs ({filled >> 20} MiB of filler); {pairs} ADDs on the full disk ({skipped} snapshots skipped meanwhile); then: {refused?.StatusCode}: {refused?.Status.Detail}");
        Assert.True(skipped >= 2, $"{skipped} snapshots were skipped; expected the daemon to keep serving past several. Output:\n{stack.Daemon.Output}");
        Assert.True(pairs > 1_000, $"refused after {pairs} ADDs: a full disk must not stop a daemon whose segment still has room");
        Assert.NotNull(refused);
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains("No space left on device", refused.Status.Detail, StringComparison.Ordinal);
        using (var exited = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while (!stack.Daemon.HasExited)
            {
                await Task.Delay(100, exited.Token);
            }
        }

        Assert.Equal(70, stack.Daemon.ExitCode);

        // The sealed segment needs a successor before anything can be appended: on the still-full disk, a clear refusal.
        (int exit, string output) = await StartExpectingFailureAsync(stack);
        _output.WriteLine($"restart on the still-full disk: exit {exit}: {FirstLines(output)}");
        Assert.Equal(5, exit);
        Assert.Contains("ESCNI_JOURNAL_DIR", output, StringComparison.Ordinal);

        disk.Free();
        await stack.StartDaemonAsync();
        await AssertAllHeldAsync(stack, acknowledged);
        using (GrpcChannel channel = stack.OpenChannel())
        {
            var client = new CniBackend.CniBackendClient(channel);
            for (int i = 0; i < 60; i++)
            {
                await client.AddNetworkAsync(CniRequests.Add($"after-{i}"));
                await client.DelNetworkAsync(CniRequests.Del($"after-{i}"));
            }
        }

        await WaitForLineAsync(stack, l => l.Contains("snapshot written", StringComparison.Ordinal), "a snapshot once space returned");
        Assert.False(stack.Daemon.HasExited, stack.Daemon.Output);
        await AssertAllHeldAsync(stack, acknowledged);
        ReplayVerdict verdict = ReplayVerifier.Verify(journal);
        Assert.True(verdict.IsClean, verdict.ToString());
        _output.WriteLine($"exit 70 at the segment roll, exit 5 while still full; once space returned all {acknowledged.Count} acknowledged allocations held, snapshot written, {verdict.EventsChecked} events verified");
    }

    [Fact]
    public async Task JournalNeedsNewSegmentOnFullDisk_DaemonRefusesToStartClearly_StartsWhenSpaceReturns()
    {
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: new Dictionary<string, string> { ["WARM_IP_TARGET"] = "2" });
        using TmpfsMount disk = TmpfsMount.Create(Path.Combine(stack.WorkDirectory, "disk"), megabytes: 16);
        string journal = UseJournalOn(stack, disk);

        // A fresh journal needs a 64 MiB segment: a 16 MiB disk is ENOSPC on the first segment.
        (int exit, string output) = await StartExpectingFailureAsync(stack);
        _output.WriteLine($"start on a 16 MiB journal disk: exit {exit}: {FirstLines(output)}");
        Assert.NotEqual(0, exit);
        Assert.Contains("space", output, StringComparison.OrdinalIgnoreCase);

        disk.Dispose();
        using TmpfsMount bigger = TmpfsMount.Create(Path.Combine(stack.WorkDirectory, "disk"), megabytes: 80);
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 1, TimeSpan.FromSeconds(60), "a free IP once space returned");
        ReplayVerdict verdict = ReplayVerifier.Verify(journal);
        Assert.True(verdict.IsClean, verdict.ToString());
    }

    [Fact]
    public async Task JournalDiskReadOnlyAtRestart_DaemonRefusesPluginGetsNotReady_NothingLostWhenWritable()
    {
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: new Dictionary<string, string> { ["WARM_IP_TARGET"] = "4" });
        using TmpfsMount disk = TmpfsMount.Create(Path.Combine(stack.WorkDirectory, "disk"), megabytes: 80);
        string journal = UseJournalOn(stack, disk);
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 3, TimeSpan.FromSeconds(60), "3 free IPs");
        var acknowledged = new Dictionary<string, string>(StringComparer.Ordinal);
        using (GrpcChannel channel = stack.OpenChannel())
        {
            await AddAsync(new CniBackend.CniBackendClient(channel), acknowledged, "before-ro", 3);
        }

        await stack.Daemon.KillHardAsync();
        disk.RemountReadOnly();
        (int exit, string output) = await StartExpectingFailureAsync(stack);
        _output.WriteLine($"start on a read-only journal: exit {exit}: {FirstLines(output)}");
        Assert.NotEqual(0, exit);
        Assert.Contains("read-only", output, StringComparison.OrdinalIgnoreCase);

        using (NetworkNamespace pod = NetworkNamespace.Create("escni-rel"))
        {
            var plugin = new PluginRunner(stack);
            var config = plugin.EscniConfig(Path.Combine(stack.WorkDirectory, "plugin.log"));
            config["cniVersion"] = "1.0.0";
            config["name"] = "escni";
            PluginResult add = await plugin.ExecAsync("escni", "ADD", config, "ctr-ro", pod.Path);
            _output.WriteLine("plugin ADD with the daemon down: " + add.Stdout);
            Assert.Equal(1, add.ExitCode);
            using JsonDocument error = add.Json();
            Assert.Equal(50, error.RootElement.GetProperty("code").GetInt32());
        }

        disk.RemountWritable();
        await stack.StartDaemonAsync();
        await AssertAllHeldAsync(stack, acknowledged);
        ReplayVerdict verdict = ReplayVerifier.Verify(journal);
        Assert.True(verdict.IsClean, verdict.ToString());
    }

    [Fact]
    public async Task DaemonStart_JournalDiskUnwritable_ExitsWithMessageAndNoStackTrace()
    {
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: new Dictionary<string, string> { ["WARM_IP_TARGET"] = "2" });
        using TmpfsMount disk = TmpfsMount.Create(Path.Combine(stack.WorkDirectory, "disk"), megabytes: 16);
        UseJournalOn(stack, disk);

        (int exit, string output) = await StartExpectingFailureAsync(stack);

        Assert.Equal(5, exit); // DaemonRunner.ExitJournalUnavailable: the volume, not the journal, is the problem
        Assert.Contains("ESCNI_JOURNAL_DIR", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    private static string UseJournalOn(NodeStack stack, TmpfsMount disk)
    {
        string journal = Path.Combine(disk.Path, "journal");
        stack.SetDaemonVariable("ESCNI_JOURNAL_DIR", journal);
        return journal;
    }

    private static async Task<(int Exit, string Output)> StartExpectingFailureAsync(NodeStack stack)
    {
        try
        {
            await stack.StartDaemonAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
        }

        Assert.True(stack.Daemon.HasExited, "the daemon started on a journal disk it cannot write:\n" + stack.Daemon.Output);
        return (stack.Daemon.ExitCode, stack.Daemon.Output);
    }

    private static async Task AddAsync(CniBackend.CniBackendClient client, Dictionary<string, string> acknowledged, string prefix, int count)
    {
        for (int i = 0; i < count; i++)
        {
            AddNetworkReply reply = await client.AddNetworkAsync(CniRequests.Add($"{prefix}-{i}"));
            acknowledged[$"{prefix}-{i}"] = reply.IpAllocationMetadata[0].Ipv4Addr;
        }
    }

    private static async Task AssertAllHeldAsync(NodeStack stack, Dictionary<string, string> acknowledged)
    {
        JsonElement pods = await stack.GetJsonAsync("/v1/pods");
        var held = pods.EnumerateArray().ToDictionary(p => p.GetProperty("containerId").GetString()!, p => p.GetProperty("ip").GetString()!, StringComparer.Ordinal);
        foreach ((string key, string ip) in acknowledged)
        {
            Assert.True(held.TryGetValue(key, out string? heldIp) && heldIp == ip, $"{key} was acknowledged with {ip}; after restart the daemon holds {heldIp ?? "nothing"}");
        }
    }

    private static async Task WaitForLineAsync(NodeStack stack, Func<string, bool> match, string what)
    {
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!stack.Daemon.Lines.Any(match))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what}: not logged. Output:\n{stack.Daemon.Output}");
            await Task.Delay(100);
        }
    }

    private static async Task<double> MetricAsync(NodeStack stack, string name)
    {
        string metrics = await stack.Metrics.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        string line = metrics.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string FirstLines(string output) => string.Join('\n', output.Split('\n').Where(l => !l.Contains("ready", StringComparison.Ordinal)).Take(4));
}
