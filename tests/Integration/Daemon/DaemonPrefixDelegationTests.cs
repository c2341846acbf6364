using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsCni.Integration.Support;
using EsCni.Protocol.V1;
using EsCni.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace EsCni.Integration.Daemon;

/// <summary>
/// ENABLE_PREFIX_DELEGATION on the real daemon against Ec2Sim: an m5.large runs kubelet's 110 pods through the real
/// plugin with a SIGKILL mid-burst; a fragmented subnet falls back to secondary IPs; PD toggled on restart keeps pods' IPs.
/// </summary>
[Collection(nameof(NodeCollection))]
public sealed class DaemonPrefixDelegationTests
{
    private static readonly Dictionary<string, string> s_pd = new() { ["ENABLE_PREFIX_DELEGATION"] = "true" };

    [Fact]
    public async Task M5Large_110PodsThroughThePlugin_KillMidBurst_EveryIpKeptFromSevenPrefixes()
    {
        await using NodeStack stack = await NodeStack.StartAsync("m5.large", s_pd);
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("prefixes").GetArrayLength() >= 1, TimeSpan.FromSeconds(60), "a first /28 prefix");
        var plugin = new PluginRunner(stack);
        JsonObject config = plugin.EscniConfig(Path.Combine(stack.WorkDirectory, "plugin.log"));
        config["cniVersion"] = "1.1.0";
        config["name"] = "escni";
        var pods = new ConcurrentDictionary<int, (NetworkNamespace Netns, string Ip)>();
        try
        {
            // First half, then SIGKILL while the second half is in flight; ADDs refused by the dying daemon are retried, as kubelet does.
            await AddPodsAsync(plugin, config, Enumerable.Range(0, 50), pods);
            Task<List<int>> inFlight = TryAddPodsAsync(plugin, config, Enumerable.Range(50, 30), pods);
            await Poll.UntilAsync(() => pods.Count >= 55, "five ADDs of the second wave", TimeSpan.FromSeconds(60));
            await stack.Daemon.KillHardAsync();
            List<int> refused = await inFlight;
            await stack.StartDaemonAsync();
            await AddPodsAsync(plugin, config, refused.Concat(Enumerable.Range(80, 30)), pods);

            Assert.Equal(110, pods.Count);
            string[] ips = pods.Values.Select(p => p.Ip).ToArray();
            Assert.Equal(110, ips.Distinct(StringComparer.Ordinal).Count());
            JsonElement pool = await stack.GetJsonAsync("/v1/pool");
            IPNetwork[] prefixes = pool.GetProperty("prefixes").EnumerateArray().Select(p => IPNetwork.Parse(p.GetProperty("prefix").GetString()!)).ToArray();
            Assert.Equal(7, prefixes.Length);
            Assert.All(ips, ip => Assert.Contains(prefixes, p => p.Contains(IPAddress.Parse(ip))));
            Assert.Equal(110, pool.GetProperty("allocated").GetInt32());

            using GrpcChannel channel = stack.OpenChannel();
            var client = new CniBackend.CniBackendClient(channel);
            foreach ((int n, (NetworkNamespace _, string ip)) in pods)
            {
                CheckReply check = await client.CheckAsync(new CheckRequest { ClientVersion = CniRequests.ClientVersion, ContainerId = ContainerId(n), IfName = "eth0", NetworkName = "escni" });
                Assert.True(check.Found && check.IpAllocationMetadata[0].Ipv4Addr == ip, $"{ContainerId(n)} got {ip} from the plugin but the daemon says {check}");
            }

            // Host side unchanged in shape: each pod has a /32 and a host route to it through its veth.
            (NetworkNamespace sample, string sampleIp) = pods[0];
            Assert.Contains($"{sampleIp}/32", sample.Exec("ip", "-4", "addr", "show", "dev", "eth0"), StringComparison.Ordinal);
            Assert.Contains(sampleIp, stack.Node.Exec("ip", "-4", "route", "show"), StringComparison.Ordinal);

            await stack.Daemon.TerminateAsync(TimeSpan.FromSeconds(30));
            ReplayVerdict verdict = ReplayVerifier.Verify(stack.JournalDirectory);
            Assert.True(verdict.ExitCode == 0 && verdict.Violations == 0, verdict.Report);

            // The replay CLI follows a prefix: its own assignment and the pods that got its addresses.
            IPNetwork first = prefixes.OrderBy(p => p.BaseAddress.ToString(), StringComparer.Ordinal).First();
            (int code, string timeline, string stderr) = NetworkNamespace.TryRun(RepoPaths.Daemon, "replay", "timeline", "--prefix", first.ToString(), "--journal", stack.JournalDirectory);
            Assert.True(code == 0, stderr);
            Assert.Contains("PoolPrefixesAdded", timeline, StringComparison.Ordinal);
            Assert.Contains("IpAllocated", timeline, StringComparison.Ordinal);

            // who-had on an address carved from a prefix names its pod, as for a secondary IP.
            (int whoCode, string whoHad, string whoError) = NetworkNamespace.TryRun(RepoPaths.Daemon, "replay", "who-had", sampleIp, "--journal", stack.JournalDirectory);
            Assert.True(whoCode == 0, whoError);
            Assert.Contains($"{sampleIp} over the whole journal: 1 owner(s)", whoHad, StringComparison.Ordinal);
            Assert.Contains(ContainerId(0), whoHad, StringComparison.Ordinal);
            Assert.Contains("still allocated", whoHad, StringComparison.Ordinal);
        }
        finally
        {
            foreach ((NetworkNamespace netns, string _) in pods.Values)
            {
                netns.Dispose();
            }
        }
    }

    [Fact]
    public async Task FragmentedSubnet_InsufficientCidrBlocks_JournaledAndPodsGetSecondaryIps()
    {
        // A /26 whose four /28s are each broken: the reserved first addresses and the primary IP, two scattered
        // secondary IPs, and the reserved broadcast address. 55 single addresses are free, no /28 is.
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: new Dictionary<string, string>(s_pd) { ["WARM_IP_TARGET"] = "6" }, scenarioJson: FragmentedScenario);
        await stack.StartDaemonAsync();
        JsonElement pool = await stack.WaitForPoolAsync(p => p.GetProperty("prefixShortageAt").ValueKind == JsonValueKind.String && p.GetProperty("free").GetInt32() >= 6,
            TimeSpan.FromSeconds(60), "InsufficientCidrBlocks recorded and 6 free secondary IPs");
        using GrpcChannel channel = stack.OpenChannel();
        var client = new CniBackend.CniBackendClient(channel);

        AddNetworkReply[] replies = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => client.AddNetworkAsync(CniRequests.Add($"frag-{i}")).ResponseAsync));

        Assert.Equal(5, replies.Select(r => r.IpAllocationMetadata[0].Ipv4Addr).Distinct(StringComparer.Ordinal).Count());
        Assert.Empty(pool.GetProperty("prefixes").EnumerateArray());
        await stack.Daemon.TerminateAsync(TimeSpan.FromSeconds(30));
        (int _, string timeline, string _) = NetworkNamespace.TryRun(RepoPaths.Daemon, "replay", "dump", "--journal", stack.JournalDirectory);
        Assert.Contains("InsufficientCidrBlocks", timeline, StringComparison.Ordinal);
        ReplayVerdict verdict = ReplayVerifier.Verify(stack.JournalDirectory);
        Assert.True(verdict.ExitCode == 0 && verdict.Violations == 0, verdict.Report);
    }

    [Fact]
    public async Task PdToggledOnAndOffOnRestart_TwentyRunningPodsKeepTheirIps()
    {
        await using NodeStack stack = await NodeStack.StartAsync("m5.large", new Dictionary<string, string> { ["WARM_IP_TARGET"] = "5", ["MINIMUM_IP_TARGET"] = "20" });
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 20, TimeSpan.FromSeconds(60), "20 free secondary IPs");
        Dictionary<string, string> running = await AddAsync(stack, Enumerable.Range(0, 20).Select(i => $"toggle-{i}"));

        stack.SetDaemonVariable("ENABLE_PREFIX_DELEGATION", "true");
        await stack.Daemon.KillHardAsync();
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("prefixes").GetArrayLength() >= 1, TimeSpan.FromSeconds(60), "a prefix after PD was switched on");
        Dictionary<string, string> underPd = await AddAsync(stack, ["toggle-pd"]);
        await AssertStillHeldAsync(stack, running);

        stack.SetDaemonVariable("ENABLE_PREFIX_DELEGATION", "false");
        await stack.Daemon.KillHardAsync();
        await stack.StartDaemonAsync();
        await AssertStillHeldAsync(stack, running.Concat(underPd).ToDictionary());

        JsonElement pool = await stack.GetJsonAsync("/v1/pool");
        IPNetwork prefix = IPNetwork.Parse(pool.GetProperty("prefixes")[0].GetProperty("prefix").GetString()!);
        Assert.True(prefix.Contains(IPAddress.Parse(underPd["toggle-pd"])), $"the pod added under PD got {underPd["toggle-pd"]}, outside {prefix}");
        await stack.Daemon.TerminateAsync(TimeSpan.FromSeconds(30));
        ReplayVerdict verdict = ReplayVerifier.Verify(stack.JournalDirectory);
        Assert.True(verdict.ExitCode == 0 && verdict.Violations == 0, verdict.Report);
    }

    private const string FragmentedScenario = """
        {
          "subnets": [{ "id": "subnet-0sim000000000001", "cidrBlock": "10.10.0.0/26", "availabilityZone": "us-west-2a" }],
          "instance": {
            "instanceType": "m5.large",
            "primaryEni": {
              "id": "eni-0sim0000000000001", "subnetId": "subnet-0sim000000000001", "mac": "02:00:0a:0a:00:0a", "primaryIp": "10.10.0.10",
              "secondaryIps": ["10.10.0.20", "10.10.0.37"], "ipv4Prefixes": [], "description": "primary network interface", "tags": {}
            }
          }
        }
        """;

    private static string ContainerId(int n) => string.Create(CultureInfo.InvariantCulture, $"pd-{n:D3}");

    private static async Task<Dictionary<string, string>> AddAsync(NodeStack stack, IEnumerable<string> containerIds)
    {
        using GrpcChannel channel = stack.OpenChannel();
        var client = new CniBackend.CniBackendClient(channel);
        var ips = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string id in containerIds)
        {
            ips[id] = (await client.AddNetworkAsync(CniRequests.Add(id))).IpAllocationMetadata[0].Ipv4Addr;
        }

        return ips;
    }

    private static async Task AssertStillHeldAsync(NodeStack stack, IReadOnlyDictionary<string, string> expected)
    {
        using GrpcChannel channel = stack.OpenChannel();
        var client = new CniBackend.CniBackendClient(channel);
        foreach ((string id, string ip) in expected)
        {
            CheckReply check = await client.CheckAsync(new CheckRequest { ClientVersion = CniRequests.ClientVersion, ContainerId = id, IfName = "eth0", NetworkName = "escni" });
            Assert.True(check.Found && check.IpAllocationMetadata[0].Ipv4Addr == ip, $"{id} held {ip} before the restart; now {check}");
        }
    }

    // A burst can outrun WARM_PREFIX_TARGET=1 (16 addresses ahead) on a quiet machine: the daemon answers that no IP is
    // free yet and kubelet retries the sandbox. So does this test, for up to a minute; a daemon that keeps refusing fails it.
    private static Task AddPodsAsync(PluginRunner plugin, JsonObject config, IEnumerable<int> numbers, ConcurrentDictionary<int, (NetworkNamespace Netns, string Ip)> pods) =>
        PodBurst.AddAsync(plugin, config, numbers, ContainerId, (n, netns, add) => pods[n] = (netns, FirstIp(add)), "escni-pd", TimeSpan.FromMinutes(1));

    // Four plugin execs at a time (a node's kubelet starts pods in parallel); returns the pods whose ADD failed.
    private static Task<List<int>> TryAddPodsAsync(PluginRunner plugin, JsonObject config, IEnumerable<int> numbers, ConcurrentDictionary<int, (NetworkNamespace Netns, string Ip)> pods) =>
        PodBurst.TryAddAsync(plugin, config, numbers, ContainerId, (n, netns, add) => pods[n] = (netns, FirstIp(add)), "escni-pd");

    private static string FirstIp(PluginResult add)
    {
        using JsonDocument result = add.Json();
        return result.RootElement.GetProperty("ips")[0].GetProperty("address").GetString()!.Split('/')[0];
    }
}
