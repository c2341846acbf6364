using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsCni.Integration.Support;
using EsCni.Protocol.V1;
using EsCni.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace EsCni.Integration.Daemon;

/// <summary>
/// ENABLE_IPv6 (issue #17) end to end: the real daemon takes one /80 on the primary ENI from Ec2Sim, IPv6 pods come up
/// through the real plugin with traffic both ways (ICMPv6, TCP) and IPv4 egress, a SIGKILL mid-burst keeps every
/// address, DEL releases, and the journal replays clean. Without prefix delegation the daemon refuses to start.
/// </summary>
[Collection(nameof(NodeCollection))]
public sealed class DaemonIpv6Tests
{
    private const string NodeIpv6 = "fd00:17::1";

    [Fact]
    public async Task EightIpv6Pods_KillMidBurst_TrafficBothWaysIpv4EgressAndEveryAddressKept()
    {
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: Ipv6Node.DaemonEnvironment(), scenarioJson: Ipv6Node.Scenario);
        await stack.StartDaemonAsync();
        JsonElement pool = await stack.WaitForPoolAsync(p => p.GetProperty("ipv6").GetProperty("prefixes").GetArrayLength() == 1, TimeSpan.FromSeconds(60), "the node's /80");
        IPNetwork node80 = IPNetwork.Parse(pool.GetProperty("ipv6").GetProperty("prefixes")[0].GetProperty("prefix").GetString()!);
        Assert.Equal(80, node80.PrefixLength);
        Assert.True(IPNetwork.Parse(Ipv6Node.SubnetIpv6).Contains(node80.BaseAddress), $"{node80} is not inside the subnet's {Ipv6Node.SubnetIpv6}");
        Assert.Equal(0, pool.GetProperty("totalIps").GetInt32()); // no IPv4 warm pool in IPv6 mode
        stack.Node.Exec("ip", "-6", "addr", "add", NodeIpv6 + "/128", "dev", "lo");

        var plugin = new PluginRunner(stack);
        JsonObject config = plugin.EscniConfig(Path.Combine(stack.WorkDirectory, "plugin.log"));
        config["cniVersion"] = "1.1.0";
        config["name"] = "escni";
        config["v4EgressDir"] = Path.Combine(stack.WorkDirectory, "egress-v4");
        var pods = new ConcurrentDictionary<int, Ipv6Pod>();
        try
        {
            await AddPodsAsync(plugin, config, Enumerable.Range(0, 3), pods);
            Task<List<int>> inFlight = TryAddPodsAsync(plugin, config, Enumerable.Range(3, 3), pods);
            await Poll.UntilAsync(() => pods.Count >= 4, "one ADD of the second wave", TimeSpan.FromSeconds(60));
            await stack.Daemon.KillHardAsync();
            List<int> refused = await inFlight;
            await stack.StartDaemonAsync();
            await AddPodsAsync(plugin, config, refused.Concat([6, 7]), pods);

            Assert.Equal(8, pods.Count);
            Assert.Equal(8, pods.Values.Select(p => p.Ip).Distinct().Count());
            Assert.All(pods.Values, p => Assert.True(node80.Contains(p.Ip), $"{p.Ip} is outside the node's {node80}"));

            // The restarted daemon still holds each pod's address: CHECK (the plugin asks the daemon and reads the host) passes.
            foreach ((int n, Ipv6Pod pod) in pods)
            {
                PluginResult check = await plugin.ExecAsync("escni", "CHECK", WithPrevResult(config, pod.AddResult), ContainerId(n), pod.Netns.Path, podName: ContainerId(n));
                Assert.True(check.ExitCode == 0, $"CHECK of {ContainerId(n)} ({pod.Ip}) after the restart: {check}");
            }

            // Traffic both ways, for a pod from before the SIGKILL and one from after it.
            foreach (Ipv6Pod pod in new[] { pods[0], pods[7] })
            {
                Assert.Contains(" 0% packet loss", pod.Netns.Exec("ping", "-6", "-c", "1", "-W", "5", NodeIpv6), StringComparison.Ordinal);
                Assert.Contains(" 0% packet loss", stack.Node.Exec("ping", "-6", "-c", "1", "-W", "5", pod.Ip.ToString()), StringComparison.Ordinal);
                Assert.Equal(pod.Ip, await TcpEcho.SourceSeenAsync(stack.Node, IPAddress.Parse(NodeIpv6), pod.Netns, IPAddress.Parse(NodeIpv6)));
                Assert.Equal(IPAddress.Parse(NodeIpv6), await TcpEcho.SourceSeenAsync(pod.Netns, pod.Ip, stack.Node, pod.Ip));

                // IPv4 egress: the pod reaches the node's IPv4 address (eth0, the primary ENI's) over v4if0.
                IPAddress v4Source = await TcpEcho.SourceSeenAsync(stack.Node, IPAddress.Parse(NodePrimaryIpv4), pod.Netns, IPAddress.Parse(NodePrimaryIpv4));
                Assert.True(IPNetwork.Parse("169.254.172.0/22").Contains(v4Source), $"IPv4 egress of {pod.Ip} arrived from {v4Source}");
            }

            // The plugin SNATs the egress range to the node's IPv4 the daemon answered (node_ipv4).
            Assert.Contains($"--to-source {NodePrimaryIpv4}", stack.Node.Exec("iptables", "-w", "-t", "nat", "-S", "POSTROUTING"), StringComparison.Ordinal);

            // Introspection and metrics show the /80 and the IPv6 pods.
            JsonElement podsView = await stack.GetJsonAsync("/v1/pods");
            Assert.Equal(8, podsView.EnumerateArray().Count(p => p.GetProperty("family").GetString() == "ipv6"));
            // The gauges are refreshed once a second, so the last ADD may not be counted yet.
            await Poll.UntilAsync(async () =>
            {
                string metrics = await stack.Metrics.GetStringAsync(new Uri("metrics", UriKind.Relative));
                return metrics.Contains("\nescni_ipv6_prefixes 1\n", StringComparison.Ordinal) && metrics.Contains("\nescni_ipv6_assigned_addresses 8\n", StringComparison.Ordinal);
            }, "escni_ipv6_prefixes 1 and escni_ipv6_assigned_addresses 8 on /metrics", TimeSpan.FromSeconds(10));

            // DEL releases: the daemon forgets the key, the host route goes; a new pod never gets the released address.
            Ipv6Pod deleted = pods[1];
            PluginResult del = await plugin.ExecAsync("escni", "DEL", WithPrevResult(config, deleted.AddResult), ContainerId(1), deleted.Netns.Path, podName: ContainerId(1));
            Assert.True(del.ExitCode == 0, del.ToString());
            Assert.DoesNotContain(deleted.Ip.ToString(), stack.Node.Exec("ip", "-6", "route", "show"), StringComparison.Ordinal);
            await stack.WaitForPoolAsync(p => p.GetProperty("ipv6").GetProperty("allocated").GetInt32() == 7, TimeSpan.FromSeconds(10), "7 IPv6 allocations after the DEL");
            await AddPodsAsync(plugin, config, [8], pods);
            Assert.DoesNotContain(pods[8].Ip, pods.Where(p => p.Key != 8).Select(p => p.Value.Ip));

            // A DEL while the daemon is down is spooled with the pod's /128 and applied by the next start, before it serves.
            await stack.Daemon.KillHardAsync();
            JsonObject shortWait = WithPrevResult(config, pods[2].AddResult);
            shortWait["delDaemonWaitSeconds"] = 1;
            PluginResult spooledDel = await plugin.ExecAsync("escni", "DEL", shortWait, ContainerId(2), pods[2].Netns.Path, podName: ContainerId(2));
            Assert.True(spooledDel.ExitCode == 0, spooledDel.ToString());
            Assert.Single(Directory.GetFiles(stack.SpoolDirectory, "del-*.json"));
            await stack.StartDaemonAsync();
            Assert.DoesNotContain((await stack.GetJsonAsync("/v1/pods")).EnumerateArray(), p => p.GetProperty("containerId").GetString() == ContainerId(2));
            Assert.Empty(Directory.GetFiles(stack.SpoolDirectory));

            await stack.Daemon.TerminateAsync(TimeSpan.FromSeconds(30));
            ReplayVerdict verdict = ReplayVerifier.Verify(stack.JournalDirectory);
            Assert.True(verdict.ExitCode == 0 && verdict.Violations == 0, verdict.Report);
            (int code, string dump, string dumpError) = NetworkNamespace.TryRun(RepoPaths.Daemon, "replay", "dump", "--journal", stack.JournalDirectory);
            Assert.True(code == 0, dumpError);
            Assert.Contains("Ipv6PrefixAdded", dump, StringComparison.Ordinal);
            Assert.Contains("Ipv6Released", dump, StringComparison.Ordinal);
            // A pre-IPv6 build must refuse this journal at its VERSION check (journal-format.md §8.4).
            Assert.Contains("snapshot-format=3", File.ReadAllText(Path.Combine(stack.JournalDirectory, "VERSION")), StringComparison.Ordinal);

            // who-had on the released address names the pod that held it, and that it no longer does.
            (int whoCode, string whoHad, string whoError) = NetworkNamespace.TryRun(RepoPaths.Daemon, "replay", "who-had", deleted.Ip.ToString(), "--journal", stack.JournalDirectory);
            Assert.True(whoCode == 0, whoError);
            Assert.Contains($"{deleted.Ip} over the whole journal: 1 owner(s)", whoHad, StringComparison.Ordinal);
            Assert.Contains(ContainerId(1), whoHad, StringComparison.Ordinal);
            Assert.DoesNotContain("still allocated", whoHad, StringComparison.Ordinal);
        }
        finally
        {
            foreach (Ipv6Pod pod in pods.Values)
            {
                pod.Netns.Dispose();
            }
        }
    }

    [Fact]
    public async Task Slash80RefusedThenAnswerLostThenJournalLost_NeverASecondSlash80()
    {
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: Ipv6Node.DaemonEnvironment(), scenarioJson: Ipv6Node.Scenario);
        await stack.SetFaultsAsync(new { errorRate = 1.0, errorActions = new[] { "AssignIpv6Addresses" } });
        await stack.StartDaemonAsync();

        // No /80 yet: not ready, and an ADD is refused with the Domain's reason (CNI "try again later").
        JsonElement waiting = await stack.WaitForPoolAsync(p => p.GetProperty("notReadyReason").GetString() is { } why && why.Contains("IPv6 /80", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "not ready for want of the /80");
        Assert.Empty(waiting.GetProperty("ipv6").GetProperty("prefixes").EnumerateArray());
        using (GrpcChannel channel = stack.OpenChannel())
        {
            RpcException refused = await Assert.ThrowsAsync<RpcException>(() => new CniBackend.CniBackendClient(channel).AddNetworkAsync(CniRequests.Add("too-early")).ResponseAsync);
            Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
            Assert.Equal("NoIpv6Prefix", refused.Trailers.GetValue("escni-rejection"));
        }

        // EC2 now assigns, but the answer never comes back: the daemon must learn the /80 by describing, not by asking again.
        await stack.SetFaultsAsync(new { errorRate = 0.0, lostResponseRate = 1.0, lostResponseActions = new[] { "AssignIpv6Addresses" } });
        JsonElement pool = await stack.WaitForPoolAsync(p => p.GetProperty("ipv6").GetProperty("prefixes").GetArrayLength() == 1, TimeSpan.FromSeconds(60), "the /80 settled by describing");
        string slash80 = pool.GetProperty("ipv6").GetProperty("prefixes")[0].GetProperty("prefix").GetString()!;
        Assert.Equal([slash80], await Ec2Slash80sAsync(stack));

        // The journal is lost (a new disk): the restarted daemon adopts the /80 IMDS shows instead of asking for another.
        await stack.SetFaultsAsync(new { lostResponseRate = 0.0 });
        await stack.Daemon.TerminateAsync(TimeSpan.FromSeconds(30));
        Directory.Delete(stack.JournalDirectory, recursive: true);
        await stack.StartDaemonAsync();
        pool = await stack.WaitForPoolAsync(p => p.GetProperty("ipv6").GetProperty("prefixes").GetArrayLength() == 1, TimeSpan.FromSeconds(60), "the /80 adopted from IMDS");
        Assert.Equal(slash80, pool.GetProperty("ipv6").GetProperty("prefixes")[0].GetProperty("prefix").GetString());
        Assert.Equal([slash80], await Ec2Slash80sAsync(stack));
        await stack.Daemon.TerminateAsync(TimeSpan.FromSeconds(30));
        (int _, string dump, string _) = NetworkNamespace.TryRun(RepoPaths.Daemon, "replay", "dump", "--journal", stack.JournalDirectory);
        Assert.Contains("imds", dump, StringComparison.Ordinal);
        Assert.DoesNotContain("Ipv6PrefixRequested", dump, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JournalLostNextToRunningIpv6Pods_NewPodsNeverGetTheirAddresses()
    {
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: Ipv6Node.DaemonEnvironment(), scenarioJson: Ipv6Node.Scenario);
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("ipv6").GetProperty("prefixes").GetArrayLength() == 1, TimeSpan.FromSeconds(60), "the node's /80");
        var plugin = new PluginRunner(stack);
        JsonObject config = plugin.EscniConfig(Path.Combine(stack.WorkDirectory, "plugin.log"));
        config["cniVersion"] = "1.1.0";
        config["name"] = "escni";
        config["v4EgressDir"] = Path.Combine(stack.WorkDirectory, "egress-v4");
        var pods = new ConcurrentDictionary<int, Ipv6Pod>();
        try
        {
            await AddPodsAsync(plugin, config, Enumerable.Range(0, 3), pods);
            IPAddress[] running = pods.Values.Select(p => p.Ip).ToArray();
            Dictionary<IPAddress, string> routes = running.ToDictionary(ip => ip, ip => stack.Node.Exec("ip", "-6", "route", "show", ip + "/128").Trim());

            // SIGKILL and a new disk: the restarted daemon starts its journal (and its cursor) from nothing, and adopts the /80 from IMDS.
            await stack.Daemon.KillHardAsync();
            Directory.Delete(stack.JournalDirectory, recursive: true);
            await stack.StartDaemonAsync();
            await stack.WaitForPoolAsync(p => p.GetProperty("ipv6").GetProperty("prefixes").GetArrayLength() == 1, TimeSpan.FromSeconds(60), "the /80 adopted from IMDS");
            await AddPodsAsync(plugin, config, Enumerable.Range(3, 3), pods);

            IPAddress[] given = Enumerable.Range(3, 3).Select(n => pods[n].Ip).ToArray();
            Assert.Empty(given.Intersect(running));
            Assert.Equal(3, given.Distinct().Count());

            // The running pods keep their own wiring (a duplicate would have taken the /128 route) and answer on it.
            foreach (IPAddress ip in running)
            {
                Assert.Equal(routes[ip], stack.Node.Exec("ip", "-6", "route", "show", ip + "/128").Trim());
            }

            Assert.Contains(" 0% packet loss", stack.Node.Exec("ping", "-6", "-c", "1", "-W", "5", running[0].ToString()), StringComparison.Ordinal);

            // The journal says why: the host's evidence moved the cursor, and the replay checker finds no reuse.
            await stack.Daemon.TerminateAsync(TimeSpan.FromSeconds(30));
            ReplayVerdict verdict = ReplayVerifier.Verify(stack.JournalDirectory);
            Assert.True(verdict.ExitCode == 0 && verdict.Violations == 0, verdict.Report);
            (int code, string dump, string dumpError) = NetworkNamespace.TryRun(RepoPaths.Daemon, "replay", "dump", "--journal", stack.JournalDirectory);
            Assert.True(code == 0, dumpError);
            Assert.Contains("Ipv6CursorAdvanced", dump, StringComparison.Ordinal);
        }
        finally
        {
            foreach (Ipv6Pod pod in pods.Values)
            {
                pod.Netns.Dispose();
            }
        }
    }

    [Fact]
    public async Task Ipv6WithoutPrefixDelegation_DaemonExitsNamingBothVariables()
    {
        string work = Directory.CreateTempSubdirectory("escni-it-v6cfg-").FullName;
        try
        {
            await using ChildProcess daemon = ChildProcess.Start([RepoPaths.Daemon, "run"], new Dictionary<string, string>
            {
                ["ENABLE_IPv6"] = "true",
                ["ESCNI_JOURNAL_DIR"] = Path.Combine(work, "journal"),
                ["ESCNI_SOCKET"] = Path.Combine(work, "ipamd.sock"),
            });
            await daemon.WaitForExitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(2, daemon.ExitCode);
            Assert.Contains("ENABLE_IPv6=true requires ENABLE_PREFIX_DELEGATION=true", daemon.Output, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(work, "journal")), "the daemon created its journal before refusing the configuration");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private const string NodePrimaryIpv4 = "10.10.0.10";

    // The /80s EC2 (the simulator's own state, not the daemon's view) holds on the primary ENI.
    private static async Task<string[]> Ec2Slash80sAsync(NodeStack stack)
    {
        JsonElement state = await stack.SimAdmin.GetFromJsonAsync<JsonElement>(new Uri("admin/state", UriKind.Relative));
        JsonElement primary = state.GetProperty("enis").EnumerateArray().Single(e => e.GetProperty("id").GetString() == "eni-0sim0000000000001");
        return primary.GetProperty("ipv6Prefixes").EnumerateArray().Select(p => p.GetString()!).ToArray();
    }

    private sealed record Ipv6Pod(NetworkNamespace Netns, IPAddress Ip, string AddResult);

    private static string ContainerId(int n) => string.Create(CultureInfo.InvariantCulture, $"v6-{n:D3}");

    private static JsonObject WithPrevResult(JsonObject config, string addResult)
    {
        JsonObject copy = config.DeepClone().AsObject();
        copy["prevResult"] = JsonNode.Parse(addResult);
        return copy;
    }

    // An ADD refused by the dying daemon (or sent while it restarts) is retried, as kubelet retries a sandbox.
    private static Task AddPodsAsync(PluginRunner plugin, JsonObject config, IEnumerable<int> numbers, ConcurrentDictionary<int, Ipv6Pod> pods) =>
        PodBurst.AddAsync(plugin, config, numbers, ContainerId, (n, netns, add) => pods[n] = ToPod(netns, add), "escni-v6", TimeSpan.FromSeconds(30), parallel: 3);

    private static Task<List<int>> TryAddPodsAsync(PluginRunner plugin, JsonObject config, IEnumerable<int> numbers, ConcurrentDictionary<int, Ipv6Pod> pods) =>
        PodBurst.TryAddAsync(plugin, config, numbers, ContainerId, (n, netns, add) => pods[n] = ToPod(netns, add), "escni-v6", parallel: 3);

    private static Ipv6Pod ToPod(NetworkNamespace netns, PluginResult add)
    {
        using JsonDocument result = add.Json();
        var ip = IPAddress.Parse(result.RootElement.GetProperty("ips")[0].GetProperty("address").GetString()!.Split('/')[0]);
        Assert.Equal(AddressFamily.InterNetworkV6, ip.AddressFamily);
        return new Ipv6Pod(netns, ip, add.Stdout);
    }
}
