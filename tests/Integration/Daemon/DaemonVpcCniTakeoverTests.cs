using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsCni.Integration.Support;
using EsCni.Protocol.V1;
using EsCni.Testing;
using Grpc.Net.Client;

namespace EsCni.Integration.Daemon;

/// <summary>
/// A daemon started on an empty journal next to 10 pods the VPC CNI wired, with its checkpoint (one entry wrong): the 9
/// good entries are adopted with their pods, the wrong one is quarantined, new pods never get those IPs, a DEL through
/// escni's network name (over gRPC, then through the real plugin, which also removes the VPC CNI's veth) releases an
/// adopted IP, `replay who-had` / `replay verify` show the adopted history, and the export hands the rest back.
/// </summary>
[Collection(nameof(NodeCollection))]
public sealed class DaemonVpcCniTakeoverTests
{
    private const int RunningPods = 10;
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);
    private static readonly string[] s_podIps = VpcCniWiring.PodIps(RunningPods);

    [Fact]
    public async Task EmptyJournalWithCheckpoint_AdoptsTheGoodEntries_QuarantinesTheWrongOne_AndAdoptedPodsAreDeletedThroughEscni()
    {
        await using NodeStack stack = await VpcCniWiring.StartStackAsync(s_podIps);
        var pods = new List<NetworkNamespace>();
        try
        {
            (string Veth, string PodName)[] wired = s_podIps.Select((ip, i) => VpcCniWiring.Wire(stack.Node, pods, $"vpc-{i}", ip)).ToArray();
            string[] names = wired.Select(w => w.PodName).ToArray();
            // The last entry names a pod whose veth is not the one the host routes its IP to: the checkpoint is wrong there.
            string checkpoint = VpcCniWiring.WriteCheckpoint(stack, s_podIps.Select((ip, i) => (Container(i), ip, i == RunningPods - 1 ? "someone-else" : names[i])));

            await stack.StartDaemonAsync();
            await Poll.UntilAsync(async () => (await stack.GetJsonAsync("/v1/pods")).GetArrayLength() == RunningPods, "10 adopted pods in /v1/pods", s_patience, TimeSpan.FromMilliseconds(300));

            Dictionary<string, JsonElement> adopted = (await stack.GetJsonAsync("/v1/pods")).EnumerateArray().ToDictionary(p => p.GetProperty("ip").GetString()!, p => p.Clone(), StringComparer.Ordinal);
            for (int i = 0; i < RunningPods - 1; i++)
            {
                JsonElement pod = adopted[s_podIps[i]];
                Assert.Equal((names[i], Container(i), "aws-cni", false), (pod.GetProperty("podName").GetString(), pod.GetProperty("containerId").GetString(),
                    pod.GetProperty("networkName").GetString(), pod.GetProperty("quarantined").GetBoolean()));
            }

            JsonElement wrong = adopted[s_podIps[^1]];
            Assert.True(wrong.GetProperty("quarantined").GetBoolean());
            Assert.Contains("the host routes it to", wrong.GetProperty("quarantineEvidence").GetString(), StringComparison.Ordinal);
            Assert.Equal(0, (await stack.GetJsonAsync("/v1/pool")).GetProperty("held").GetArrayLength());

            await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 20, s_patience, "20 free IPs around the 10 adopted ones");
            using GrpcChannel channel = stack.OpenChannel();
            var client = new CniBackend.CniBackendClient(channel);
            AddNetworkReply[] replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.AddNetworkAsync(CniRequests.Add($"new-{i}", $"new-{i}")).ResponseAsync));
            Assert.Empty(replies.Select(r => r.IpAllocationMetadata[0].Ipv4Addr).Intersect(s_podIps, StringComparer.Ordinal));

            // The runtime's DEL after the conflist swap: network "escni", matched to the adopted key by container id + ifName.
            DelNetworkReply del = await client.DelNetworkAsync(CniRequests.Del(Container(0)));
            Assert.True(del.Found);
            Assert.Equal(s_podIps[0], del.IpAllocationMetadata[0].Ipv4Addr);
            Assert.DoesNotContain(s_podIps[0], (await stack.GetJsonAsync("/v1/pods")).EnumerateArray().Select(p => p.GetProperty("ip").GetString()));

            // The same through the real plugin, as the runtime runs it (no prevResult: the runtime has none cached for
            // "escni"): the daemon releases the adopted IP and the plugin removes the VPC CNI's veth and route.
            var plugin = new PluginRunner(stack);
            JsonObject config = plugin.EscniConfig(Path.Combine(stack.WorkDirectory, "plugin.log"));
            config["cniVersion"] = "1.1.0";
            config["name"] = "escni";
            PluginResult pluginDel = await plugin.ExecAsync("escni", "DEL", config, Container(1), pods[1].Path, podName: names[1]);
            Assert.True(pluginDel.ExitCode == 0, pluginDel.ToString());
            Assert.DoesNotContain(s_podIps[1], (await stack.GetJsonAsync("/v1/pods")).EnumerateArray().Select(p => p.GetProperty("ip").GetString()));
            Assert.DoesNotContain(wired[1].Veth, stack.Node.Exec("ip", "-o", "link", "show"), StringComparison.Ordinal);
            Assert.DoesNotContain(s_podIps[1] + " ", stack.Node.Exec("ip", "route", "show", "table", "main"), StringComparison.Ordinal);

            string whoHad = NetworkNamespace.Run(RepoPaths.Daemon, "replay", "who-had", s_podIps[0], "--journal", stack.JournalDirectory);
            Assert.Contains($"adopted from vpc-cni-checkpoint {checkpoint}", whoHad, StringComparison.Ordinal);
            Assert.Contains("released (CniDel)", whoHad, StringComparison.Ordinal);
            Assert.Contains(names[0], whoHad, StringComparison.Ordinal);
            ReplayVerdict verdict = ReplayVerifier.Verify(stack.JournalDirectory);
            Assert.True(verdict.ExitCode == 0 && verdict.Violations == 0, verdict.Report);

            // Handing back: the export lists the 8 adopted pods still running as the checkpoint did, plus the 20 new ones.
            using JsonDocument exported = JsonDocument.Parse(NetworkNamespace.Run(RepoPaths.Daemon, "export", "vpc-cni-checkpoint", "--journal", stack.JournalDirectory));
            Assert.Equal("vpc-cni-ipam/1", exported.RootElement.GetProperty("version").GetString());
            JsonElement[] entries = [.. exported.RootElement.GetProperty("allocations").EnumerateArray()];
            Assert.Equal(RunningPods - 2 + 20, entries.Length);
            Assert.All(entries, e => Assert.Equal("aws-cni", e.GetProperty("networkName").GetString()));
            var handedBack = entries.Where(e => e.GetProperty("containerID").GetString()!.StartsWith("vpc-sandbox-", StringComparison.Ordinal))
                .Select(e => (e.GetProperty("containerID").GetString()!, e.GetProperty("ipv4").GetString()!, e.GetProperty("metadata").GetProperty("k8sPodName").GetString()!,
                    e.GetProperty("allocationTimestamp").GetInt64()));
            Assert.Equal(Enumerable.Range(2, RunningPods - 2).Select(i => (Container(i), s_podIps[i], i == RunningPods - 1 ? "someone-else" : names[i], 1_690_000_000_000_000_000L)), handedBack);
        }
        finally
        {
            foreach (NetworkNamespace pod in pods)
            {
                pod.Dispose();
            }
        }
    }

    private static string Container(int i) => string.Create(CultureInfo.InvariantCulture, $"vpc-sandbox-{i}");
}
