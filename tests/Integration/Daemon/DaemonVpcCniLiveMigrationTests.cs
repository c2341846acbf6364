using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsCni.Integration.Support;
using EsCni.Protocol.V1;
using EsCni.Testing;
using Grpc.Net.Client;
using Xunit.Abstractions;

namespace EsCni.Integration.Daemon;

/// <summary>
/// The takeover: a node the VPC CNI left with 20 running pods (12 on the primary ENI, 8 on an ENI it created,
/// with its per-pod rules, SNAT and connmark chains, and its checkpoint) is taken over by a daemon started on an empty
/// journal while pods keep talking — to an address outside the VPC through SNAT (the secondary-ENI pod only through
/// the connmark rules) and from the node to a pod. Every pod keeps its IP and its connectivity, the loss through the
/// switch stays within a stated bound, the VPC CNI's chains are gone and EsCni's are in place, new pods never get an
/// adopted IP, an adopted pod on the secondary ENI is deleted cleanly through the real plugin, who-had shows the
/// source, verify is clean, and the export hands the node back.
/// </summary>
[Collection(nameof(NodeCollection))]
public sealed class DaemonVpcCniLiveMigrationTests(ITestOutputHelper output)
{
    private const string PrimaryIp = "10.10.0.10";
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(90);
    private static readonly string[] s_primaryPodIps = VpcCniWiring.PodIps(12);
    private static readonly string[] s_secondaryPodIps = Enumerable.Range(121, 8).Select(i => string.Create(CultureInfo.InvariantCulture, $"10.10.0.{i}")).ToArray();
    private static readonly string[] s_podIps = [.. s_primaryPodIps, .. s_secondaryPodIps];

    [Fact]
    public async Task TwentyRunningPods_KeepTheirIpsAndConnectivity_ThroughTheSwitch_AndAdoptedPodsAreDeletedCleanly()
    {
        await using NodeStack stack = await VpcCniWiring.StartStackAsync(s_primaryPodIps, s_secondaryPodIps);
        var pods = new List<NetworkNamespace>();
        using OutsideNetwork outside = OutsideNetwork.Join(stack.Node, PrimaryIp);
        try
        {
            await Poll.UntilAsync(() => stack.Node.TryExec("ip", "link", "show", "eth1").Length > 0, "Ec2Sim hotplugged the VPC CNI's ENI as eth1", s_patience, TimeSpan.FromMilliseconds(200));
            VpcCniHostRules.Install(stack.Node, "eth0", PrimaryIp, "10.10.0.0/16");
            VpcCniHostRules.InstallEniTable(stack.Node, "10.10.0.20", "10.10.0.1");
            (string Veth, string PodName)[] wired = s_podIps.Select((ip, i) => VpcCniWiring.Wire(stack.Node, pods, $"live-{i}", ip, i < s_primaryPodIps.Length ? 254 : 2)).ToArray();
            string checkpoint = VpcCniWiring.WriteCheckpoint(stack, wired.Select((w, i) => (Container(i), s_podIps[i], w.PodName)));
            NetworkNamespace primaryPod = pods[0];
            NetworkNamespace secondaryPod = pods[^1];
            AssertConnected(stack, pods, "under the VPC CNI");

            // The switch: the daemon adopts the pods and replaces the VPC CNI's chains while three flows run.
            await using var fromSecondary = ContinuousPing.Start(secondaryPod, OutsideNetwork.Address);
            await using var fromPrimary = ContinuousPing.Start(primaryPod, OutsideNetwork.Address);
            await using var fromNode = ContinuousPing.Start(stack.Node, s_secondaryPodIps[0]);
            Assert.NotEmpty(VpcCniHostRules.Remaining(stack.Node));
            await stack.StartDaemonAsync();
            await Poll.UntilAsync(async () => (await stack.GetJsonAsync("/v1/pods")).GetArrayLength() == s_podIps.Length, "20 adopted pods in /v1/pods", s_patience, TimeSpan.FromMilliseconds(300));
            await Poll.UntilAsync(() => VpcCniHostRules.Remaining(stack.Node).Length == 0, "the VPC CNI's chains removed", s_patience, TimeSpan.FromMilliseconds(300));
            Assert.Contains("-A POSTROUTING -m comment --comment \"ESCNI SNAT CHAIN\" -j ESCNI-SNAT", stack.Node.Exec("iptables", "-t", "nat", "-S"), StringComparison.Ordinal);
            Assert.Contains("ESCNI-CONNMARK", stack.Node.Exec("iptables", "-t", "mangle", "-S"), StringComparison.Ordinal);

            // Traffic keeps flowing a while on EsCni's rules alone: a chain that did not work would lose all of it.
            await Task.Delay(TimeSpan.FromSeconds(2));
            foreach ((string flow, ContinuousPing.Counts counts) in new[] { ("secondary-ENI pod -> outside", await fromSecondary.StopAsync()),
                         ("primary-ENI pod -> outside", await fromPrimary.StopAsync()), ("node -> pod", await fromNode.StopAsync()) })
            {
                output.WriteLine($"{flow}: {counts}");

                // Bound: the long flow's packet in flight at the stop plus 1 %; one new flow. Nothing in the switch should drop any.
                Assert.True(counts.LongSent >= 50 && counts.NewSent >= 5, $"{flow}: too little traffic to judge ({counts})");
                Assert.True(counts.LongLost <= 1 + (counts.LongSent / 100) && counts.NewLost <= 1, $"{flow}: {counts}");
            }

            Dictionary<string, JsonElement> adopted = (await stack.GetJsonAsync("/v1/pods")).EnumerateArray().ToDictionary(p => p.GetProperty("ip").GetString()!, p => p.Clone(), StringComparer.Ordinal);
            for (int i = 0; i < s_podIps.Length; i++)
            {
                JsonElement pod = adopted[s_podIps[i]];
                Assert.Equal((wired[i].PodName, Container(i), false), (pod.GetProperty("podName").GetString(), pod.GetProperty("containerId").GetString(), pod.GetProperty("quarantined").GetBoolean()));
            }

            AssertConnected(stack, pods, "after the takeover");

            await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 10, s_patience, "10 free IPs around the 20 adopted ones");
            using GrpcChannel channel = stack.OpenChannel();
            var client = new CniBackend.CniBackendClient(channel);
            AddNetworkReply[] replies = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => client.AddNetworkAsync(CniRequests.Add($"new-{i}", $"new-{i}")).ResponseAsync));
            Assert.Empty(replies.Select(r => r.IpAllocationMetadata[0].Ipv4Addr).Intersect(s_podIps, StringComparer.Ordinal));

            // An adopted pod on the secondary ENI, deleted through the real plugin under escni's network name: its IP
            // is released and its veth, /32 route and both rules (512 and the VPC CNI's 1536 to table 2) are gone.
            int last = s_podIps.Length - 1;
            var plugin = new PluginRunner(stack);
            JsonObject config = plugin.EscniConfig(Path.Combine(stack.WorkDirectory, "plugin.log"));
            config["cniVersion"] = "1.1.0";
            config["name"] = "escni";
            PluginResult del = await plugin.ExecAsync("escni", "DEL", config, Container(last), secondaryPod.Path, podName: wired[last].PodName);
            Assert.True(del.ExitCode == 0, del.ToString());
            Assert.DoesNotContain(s_podIps[last], (await stack.GetJsonAsync("/v1/pods")).EnumerateArray().Select(p => p.GetProperty("ip").GetString()));
            Assert.DoesNotContain(wired[last].Veth, stack.Node.Exec("ip", "-o", "link", "show"), StringComparison.Ordinal);
            Assert.DoesNotContain(s_podIps[last] + " ", stack.Node.Exec("ip", "route", "show", "table", "main"), StringComparison.Ordinal);
            Assert.DoesNotContain(s_podIps[last] + " ", stack.Node.Exec("ip", "rule", "show"), StringComparison.Ordinal);

            string whoHad = NetworkNamespace.Run(RepoPaths.Daemon, "replay", "who-had", s_podIps[last], "--journal", stack.JournalDirectory);
            Assert.Contains($"adopted from vpc-cni-checkpoint {checkpoint}", whoHad, StringComparison.Ordinal);
            Assert.Contains("released (CniDel)", whoHad, StringComparison.Ordinal);
            // The ENI the VPC CNI created is adopted with its description and tags journaled (EniAdopted), before its EniAttached.
            string eniTimeline = NetworkNamespace.Run(RepoPaths.Daemon, "replay", "timeline", "--eni", VpcCniWiring.SecondaryEniId, "--journal", stack.JournalDirectory);
            Assert.Contains("EniAdopted", eniTimeline, StringComparison.Ordinal);
            Assert.Contains($"\"aws-K8S-{VpcCniWiring.InstanceId}\"", eniTimeline, StringComparison.Ordinal);
            Assert.Contains($"cluster.k8s.amazonaws.com/name={VpcCniWiring.ClusterName}, node.k8s.amazonaws.com/createdAt=2026-12-01T00:00:00Z, node.k8s.amazonaws.com/instance_id={VpcCniWiring.InstanceId}",
                eniTimeline, StringComparison.Ordinal);
            Assert.True(eniTimeline.IndexOf("EniAdopted", StringComparison.Ordinal) < eniTimeline.IndexOf("EniAttached", StringComparison.Ordinal), eniTimeline);

            ReplayVerdict verdict = ReplayVerifier.Verify(stack.JournalDirectory);
            Assert.True(verdict.ExitCode == 0 && verdict.Violations == 0, verdict.Report);

            // Handing back: the 19 adopted pods still running, as the checkpoint had them, and the 10 new ones.
            using JsonDocument exported = JsonDocument.Parse(NetworkNamespace.Run(RepoPaths.Daemon, "export", "vpc-cni-checkpoint", "--journal", stack.JournalDirectory));
            JsonElement[] entries = [.. exported.RootElement.GetProperty("allocations").EnumerateArray()];
            Assert.Equal(s_podIps.Length - 1 + 10, entries.Length);
            Assert.Equal(Enumerable.Range(0, last).Select(i => (Container(i), s_podIps[i])).Order(),
                entries.Where(e => e.GetProperty("containerID").GetString()!.StartsWith("live-sandbox-", StringComparison.Ordinal))
                    .Select(e => (e.GetProperty("containerID").GetString()!, e.GetProperty("ipv4").GetString()!)).Order());
        }
        finally
        {
            foreach (NetworkNamespace pod in pods)
            {
                pod.Dispose();
            }
        }
    }

    // Every pod answers the node on its IP; the first pod of each ENI reaches the outside through SNAT.
    private static void AssertConnected(NodeStack stack, List<NetworkNamespace> pods, string when)
    {
        foreach (string ip in s_podIps)
        {
            Assert.True(stack.Node.TryExec("ping", "-n", "-q", "-c", "1", "-W", "2", ip).Contains(" 1 received", StringComparison.Ordinal), $"{when}: the node cannot reach pod {ip}");
        }

        foreach (NetworkNamespace pod in new[] { pods[0], pods[s_primaryPodIps.Length] })
        {
            Assert.True(pod.TryExec("ping", "-n", "-q", "-c", "1", "-W", "2", OutsideNetwork.Address).Contains(" 1 received", StringComparison.Ordinal), $"{when}: pod {pod.Name} cannot reach the outside");
        }
    }

    private static string Container(int i) => string.Create(CultureInfo.InvariantCulture, $"live-sandbox-{i}");
}
