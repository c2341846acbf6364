using System.Text.Json;
using EsCni.Integration.Support;
using EsCni.Protocol.V1;
using EsCni.Testing;
using Grpc.Net.Client;

namespace EsCni.Integration.Daemon;

/// <summary>
/// A daemon started on an empty journal next to 10 running pods (wired the way the VPC CNI does, on IPs EC2 shows on
/// the instance's ENI) never hands out their IPs: they are held with the host's evidence until the pod's veth and
/// route are gone for two scans, and the holds survive a restart.
/// </summary>
[Collection(nameof(NodeCollection))]
public sealed class DaemonHostEvidenceTests
{
    private const int RunningPods = 10;
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);

    private static readonly string[] s_podIps = VpcCniWiring.PodIps(RunningPods);

    [Fact]
    public async Task EmptyJournalNextToRunningPods_NewPodsNeverGetTheirIps_HoldLiftsWhenThePodIsGone_AndSurvivesRestart()
    {
        await using NodeStack stack = await VpcCniWiring.StartStackAsync(s_podIps);
        var pods = new List<NetworkNamespace>();
        try
        {
            string[] veths = s_podIps.Select((ip, i) => VpcCniWiring.Wire(stack.Node, pods, $"running-{i}", ip).Veth).ToArray();

            await stack.StartDaemonAsync();

            // The start-up scan runs before the socket exists: the holds are there the moment the daemon is ready.
            Dictionary<string, JsonElement> held = Held(await stack.GetJsonAsync("/v1/pool"));
            Assert.Equal(s_podIps.Order(StringComparer.Ordinal), held.Keys.Order(StringComparer.Ordinal));
            Assert.All(s_podIps.Zip(veths), p => Assert.Equal(p.Second, held[p.First].GetProperty("hostVeth").GetString()));
            Assert.All(held.Values, h => Assert.StartsWith("netnsid ", h.GetProperty("peerNetns").GetString(), StringComparison.Ordinal));

            await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 20, TimeSpan.FromSeconds(60), "20 free IPs around the 10 held ones");
            using GrpcChannel channel = stack.OpenChannel();
            var client = new CniBackend.CniBackendClient(channel);
            AddNetworkReply[] replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.AddNetworkAsync(CniRequests.Add($"new-{i}", $"new-{i}")).ResponseAsync));
            string[] given = replies.Select(r => r.IpAllocationMetadata[0].Ipv4Addr).ToArray();
            Assert.Equal(20, given.Distinct(StringComparer.Ordinal).Count());
            Assert.Empty(given.Intersect(s_podIps, StringComparer.Ordinal));

            // One pod goes (its runtime deleted the veth, which takes the /32 route with it): lifted after two scans.
            string gone = s_podIps[0];
            stack.Node.Exec("ip", "link", "del", veths[0]);
            await Poll.UntilAsync(async () => !Held(await stack.GetJsonAsync("/v1/pool")).ContainsKey(gone), $"hold on {gone} lifted", s_patience, TimeSpan.FromMilliseconds(300));
            JsonElement pool = await stack.GetJsonAsync("/v1/pool");
            Assert.Contains(gone, pool.GetProperty("freeIps").EnumerateArray().Select(e => e.GetString()));
            JsonElement events = await stack.GetJsonAsync("/v1/events?since=0&limit=10000");
            JsonElement lifted = events.EnumerateArray().Single(e => e.GetProperty("type").GetString() == "IpHoldLifted");
            Assert.Contains("2 consecutive scans", lifted.GetProperty("event").GetProperty("why").GetString(), StringComparison.Ordinal);

            // SIGKILL and restart: the 9 remaining holds come back from the journal, and the lifted IP stays usable.
            await stack.Daemon.KillHardAsync();
            await stack.StartDaemonAsync();
            Dictionary<string, JsonElement> afterRestart = Held(await stack.GetJsonAsync("/v1/pool"));
            Assert.Equal(s_podIps.Skip(1).Order(StringComparer.Ordinal), afterRestart.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(RunningPods, events.EnumerateArray().Count(e => e.GetProperty("type").GetString() == "IpHeld"));
        }
        finally
        {
            foreach (NetworkNamespace pod in pods)
            {
                pod.Dispose();
            }
        }
    }

    private static Dictionary<string, JsonElement> Held(JsonElement pool) =>
        pool.GetProperty("held").EnumerateArray().ToDictionary(h => h.GetProperty("ip").GetString()!, h => h.Clone(), StringComparer.Ordinal);
}
