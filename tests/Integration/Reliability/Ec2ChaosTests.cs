using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using EsCni.Integration.Support;
using EsCni.Protocol.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit.Abstractions;

namespace EsCni.Integration.Reliability;

/// <summary>
/// EC2 and IMDS misbehave in turns (outage, throttling burst, lost responses on mutations, 5xx with latency, IMDS lag)
/// while pods come and go. Afterwards: the warm pool converges, every ENI the simulator holds for this instance is known
/// to the journal, and EC2 saw no more calls per API class than the daemon's token buckets allow.
/// </summary>
[Collection(nameof(NodeCollection))]
public sealed class Ec2ChaosTests
{
    private const int WarmIpTarget = 4;
    private const int MinimumIpTarget = 12;
    private const double DescribeRate = 4, DescribeBurst = 10, MutateRate = 2, MutateBurst = 5;

    private static readonly (string Name, object Faults)[] s_phases =
    [
        ("outage", new { outage = true }),
        ("throttling burst 80 %", new { throttleRate = 0.8 }),
        ("lost responses on mutations 50 % (abort)", new { lostResponseRate = 0.5, lostResponseActions = new[] { "CreateNetworkInterface", "AttachNetworkInterface", "AssignPrivateIpAddresses", "UnassignPrivateIpAddresses", "DetachNetworkInterface", "DeleteNetworkInterface" } }),
        ("5xx 30 % with 300 ms latency", new { errorRate = 0.3, latencyMs = 300 }),
        ("IMDS lag 3 s", new { imdsLagMs = 3000 }),
        ("lost responses 30 % (held past the client timeout)", new { lostResponseRate = 0.3, lostResponseMode = "delay", lostResponseDelayMs = 5000 }),
    ];

    private static readonly object s_calm = new
    {
        outage = false,
        throttleRate = 0.0,
        errorRate = 0.0,
        latencyMs = 0,
        lostResponseRate = 0.0,
        lostResponseMode = "abort",
        imdsLagMs = 0,
        lostResponseActions = Array.Empty<string>(),
    };

    private readonly ITestOutputHelper _output;

    public Ec2ChaosTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task RotatingEc2AndImdsFaults_PodChurn_PoolConvergesNoLeakedEniWithinBudget()
    {
        TimeSpan duration = RepoPaths.Long ? TimeSpan.FromMinutes(10) : TimeSpan.FromSeconds(60);
        await using NodeStack stack = await NodeStack.StartAsync("m5.xlarge", new Dictionary<string, string>
        {
            ["WARM_IP_TARGET"] = $"{WarmIpTarget}",
            ["MINIMUM_IP_TARGET"] = $"{MinimumIpTarget}",
            ["IP_COOLDOWN_PERIOD"] = "1",
            ["ESCNI_EC2_DESCRIBE_RATE"] = $"{DescribeRate}",
            ["ESCNI_EC2_DESCRIBE_BURST"] = $"{DescribeBurst}",
            ["ESCNI_EC2_MUTATE_RATE"] = $"{MutateRate}",
            ["ESCNI_EC2_MUTATE_BURST"] = $"{MutateBurst}",
        });
        await stack.StartDaemonAsync();
        var clock = Stopwatch.StartNew();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= WarmIpTarget, TimeSpan.FromSeconds(90), "the warm pool before the chaos");

        int phasesRun = 0, adds = 0, refusals = 0;
        using var stop = new CancellationTokenSource();
        Task<int> churn = ChurnAsync(stack, () => Interlocked.Increment(ref adds), () => Interlocked.Increment(ref refusals), stop.Token);
        var chaos = Stopwatch.StartNew();
        while (chaos.Elapsed < duration)
        {
            (string name, object faults) = s_phases[phasesRun % s_phases.Length];
            await stack.SetFaultsAsync(s_calm);
            await stack.SetFaultsAsync(faults);
            phasesRun++;
            await Task.Delay(TimeSpan.FromSeconds(RepoPaths.Long ? 20 : 7));
            await stack.SetFaultsAsync(s_calm);
            await Task.Delay(TimeSpan.FromSeconds(2));
            _output.WriteLine($"{chaos.Elapsed.TotalSeconds,5:F0} s: {name} done");
        }

        await stop.CancelAsync();
        int heldAtEnd = await churn;
        await stack.SetFaultsAsync(s_calm);

        // Convergence: the warm pool is back at target, and EC2 and the journal agree on every ENI and address.
        var problems = new List<string>();
        DateTime deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        IReadOnlyList<string> differences = [];
        JsonElement pool = default;
        while (DateTime.UtcNow < deadline)
        {
            pool = await stack.GetJsonAsync("/v1/pool");
            differences = await Ec2VersusJournalAsync(stack);
            int total = pool.GetProperty("allocated").GetInt32() + pool.GetProperty("free").GetInt32();
            if (differences.Count == 0 && pool.GetProperty("free").GetInt32() >= WarmIpTarget && total >= MinimumIpTarget)
            {
                break;
            }

            await Task.Delay(500);
        }

        if (pool.GetProperty("free").GetInt32() < WarmIpTarget)
        {
            problems.Add($"the warm pool did not converge within 90 s of calm: {pool}");
        }

        problems.AddRange(differences);

        // Budget: every EC2 request the simulator saw (throttled, failed and lost ones included) against burst + rate × time.
        double seconds = clock.Elapsed.TotalSeconds;
        JsonElement calls = await stack.SimAdmin.GetFromJsonAsync<JsonElement>(new Uri("admin/calls", UriKind.Relative));
        var ec2 = calls.EnumerateArray().Where(c => c.GetProperty("api").GetString() == "ec2").ToList();
        int describes = ec2.Count(c => c.GetProperty("action").GetString()!.StartsWith("Describe", StringComparison.Ordinal));
        int mutations = ec2.Count - describes;
        double describeBudget = DescribeBurst + (DescribeRate * seconds), mutateBudget = MutateBurst + (MutateRate * seconds);
        if (describes > describeBudget)
        {
            problems.Add($"{describes} Describe* calls in {seconds:F0} s; the limiter allows {describeBudget:F0} (ESCNI_EC2_DESCRIBE_RATE={DescribeRate}, BURST={DescribeBurst})");
        }

        if (mutations > mutateBudget)
        {
            problems.Add($"{mutations} mutating calls in {seconds:F0} s; the limiter allows {mutateBudget:F0} (ESCNI_EC2_MUTATE_RATE={MutateRate}, BURST={MutateBurst})");
        }

        string outcomes = string.Join(", ", ec2.GroupBy(c => c.GetProperty("outcome").GetString() + (c.GetProperty("errorCode").GetString() is { } e ? " " + e : string.Empty))
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"));
        Assert.False(stack.Daemon.HasExited, "the daemon exited during the chaos run:\n" + stack.Daemon.Output);
        ReplayVerdict verdict = ReplayVerifier.Verify(stack.JournalDirectory);
        if (!verdict.IsClean)
        {
            problems.Add(verdict.ToString());
        }

        _output.WriteLine($"EC2 chaos: {phasesRun} fault phases over {chaos.Elapsed.TotalSeconds:F0} s, {adds} ADDs acknowledged ({refusals} refused while EC2 could not grow the pool), {heldAtEnd} pods held at the end; " +
            $"EC2 calls: {describes} Describe* (budget {describeBudget:F0}), {mutations} mutating (budget {mutateBudget:F0}); outcomes {outcomes}; " +
            $"pool at the end: {pool.GetProperty("enis").GetInt32()} ENIs, {pool.GetProperty("free").GetInt32()} free, {pool.GetProperty("allocated").GetInt32()} allocated; journal {verdict.EventsChecked} events verified; {problems.Count} violations");
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    /// <summary>Every ENI EC2 holds for the instance (attached to it, or tagged/described for it) must be in the journal, with the same addresses.</summary>
    private static async Task<IReadOnlyList<string>> Ec2VersusJournalAsync(NodeStack stack)
    {
        JsonElement state = await stack.SimAdmin.GetFromJsonAsync<JsonElement>(new Uri("admin/state", UriKind.Relative));
        string instance = state.GetProperty("instance").GetProperty("id").GetString()!;
        var journal = (await stack.GetJsonAsync("/v1/enis")).EnumerateArray().ToDictionary(
            e => e.GetProperty("eniId").GetString()!,
            e => e.GetProperty("ips").EnumerateArray().Select(ip => ip.GetString()!).Append(e.GetProperty("primaryIp").GetString()!).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (JsonElement eni in state.GetProperty("enis").EnumerateArray())
        {
            string id = eni.GetProperty("id").GetString()!;
            bool attachedHere = eni.TryGetProperty("attachment", out JsonElement attachment) && attachment.ValueKind == JsonValueKind.Object && attachment.GetProperty("instanceId").GetString() == instance;
            bool ours = attachedHere || eni.GetProperty("description").GetString()!.Contains(instance, StringComparison.Ordinal)
                || eni.GetProperty("tags").EnumerateObject().Any(t => t.Value.GetString() == instance);
            if (!ours)
            {
                continue;
            }

            if (!journal.TryGetValue(id, out HashSet<string>? known))
            {
                problems.Add($"leaked ENI: EC2 holds {id} ({(attachedHere ? "attached" : "detached")}) for {instance}, the journal does not know it");
                continue;
            }

            foreach (string ip in eni.GetProperty("privateIps").EnumerateArray().Select(p => p.GetProperty("address").GetString()!).Where(ip => !known.Contains(ip)))
            {
                problems.Add($"leaked address: EC2 has {ip} on {id}, the journal does not");
            }
        }

        return problems;
    }

    private static async Task<int> ChurnAsync(NodeStack stack, Action added, Action refused, CancellationToken stop)
    {
        using GrpcChannel channel = stack.OpenChannel();
        var client = new CniBackend.CniBackendClient(channel);
        var held = new Queue<string>();
        var random = new Random(10);
        int next = 0;
        while (!stop.IsCancellationRequested)
        {
            // Swing between few and many pods so the pool must grow (EC2 mutations) and may shrink again.
            bool grow = held.Count < 4 || (held.Count < 30 && random.Next(100) < 60);
            try
            {
                if (grow)
                {
                    string key = $"chaos-{next++}";
                    await client.AddNetworkAsync(CniRequests.Add(key), cancellationToken: CancellationToken.None);
                    held.Enqueue(key);
                    added();
                }
                else
                {
                    await client.DelNetworkAsync(CniRequests.Del(held.Dequeue()), cancellationToken: CancellationToken.None);
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                refused();
            }

            await Task.Delay(random.Next(20, 150), CancellationToken.None);
        }

        return held.Count;
    }
}
