using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsCni.Integration.Support;
using EsCni.Protocol.V1;
using EsCni.Testing;
using Grpc.Net.Client;

namespace EsCni.Integration.Daemon;

/// <summary>
/// A VPC CNI takeover on an IPv6 node: the /80 is already on the primary ENI (the VPC CNI took it) and three pods run
/// with addresses from it, listed in its checkpoint (out of address order). The daemon, started on an empty journal,
/// adopts the /80 from IMDS and then the checkpoint's pods: they keep their addresses (ping -6 from the node), new pods
/// get other addresses, a DEL of an adopted pod through the real plugin releases it, and `replay who-had` names the
/// checkpoint as the source while `replay verify` stays clean.
/// </summary>
[Collection(nameof(NodeCollection))]
public sealed class DaemonVpcCniTakeoverIpv6Tests
{
    private const string NodeIpv6 = "fd00:17::2";
    private const string PrimaryEni = "eni-0sim0000000000001";
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    // Offsets into the /80 the VPC CNI handed out, in the checkpoint's (not the address) order.
    private static readonly ulong[] s_offsets = [5, 2, 9];

    [Fact]
    public async Task Ipv6CheckpointPods_AreAdoptedIntoTheNodes80_KeepTheirAddresses_AndAreDeletedThroughEscni()
    {
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: Ipv6Node.DaemonEnvironment(), scenarioJson: Ipv6Node.Scenario);
        IPNetwork slash80 = await AssignSlash80AsTheVpcCniDidAsync(stack);
        string[] ips = s_offsets.Select(o => AddressAt(slash80, o).ToString()).ToArray();
        stack.Node.Exec("ip", "-6", "addr", "add", NodeIpv6 + "/128", "dev", "lo");
        var pods = new List<NetworkNamespace>();
        try
        {
            (string Veth, string PodName, NetworkNamespace Netns)[] wired = ips.Select((ip, i) => VpcCniWiring.WireIpv6(stack.Node, pods, $"vpc6-{i}", ip)).ToArray();
            string checkpoint = VpcCniWiring.WriteCheckpoint(stack, ips.Select((ip, i) => (Container(i), ip, wired[i].PodName)), ipv6: true);

            await stack.StartDaemonAsync();
            await Poll.UntilAsync(async () => (await stack.GetJsonAsync("/v1/pods")).GetArrayLength() == ips.Length, "3 adopted IPv6 pods in /v1/pods", s_patience, TimeSpan.FromMilliseconds(300));
            Dictionary<string, JsonElement> adopted = (await stack.GetJsonAsync("/v1/pods")).EnumerateArray().ToDictionary(p => p.GetProperty("ip").GetString()!, p => p.Clone(), StringComparer.Ordinal);
            for (int i = 0; i < ips.Length; i++)
            {
                JsonElement pod = adopted[ips[i]];
                Assert.Equal(("ipv6", Container(i), "aws-cni"), (pod.GetProperty("family").GetString(), pod.GetProperty("containerId").GetString(), pod.GetProperty("networkName").GetString()));
                Assert.Contains(" 0% packet loss", stack.Node.Exec("ping", "-6", "-c", "1", "-W", "5", ips[i]), StringComparison.Ordinal);
            }

            // New pods never get an adopted address (the cursor is past them all).
            using GrpcChannel channel = stack.OpenChannel();
            var client = new CniBackend.CniBackendClient(channel);
            AddNetworkReply[] replies = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => client.AddNetworkAsync(CniRequests.Add($"new6-{i}", $"new6-{i}")).ResponseAsync));
            string[] fresh = replies.Select(r => r.IpAllocationMetadata[0].Ipv6Addr).ToArray();
            Assert.All(fresh, a => Assert.True(OffsetOf(slash80, IPAddress.Parse(a)) > s_offsets.Max(), $"new pod got {a}, not past the adopted ones"));

            // The runtime's DEL through escni's conflist (network "escni", no prevResult) releases the adopted pod.
            var plugin = new PluginRunner(stack);
            JsonObject config = plugin.EscniConfig(Path.Combine(stack.WorkDirectory, "plugin.log"));
            config["cniVersion"] = "1.1.0";
            config["name"] = "escni";
            config["v4EgressDir"] = Path.Combine(stack.WorkDirectory, "egress-v4");
            PluginResult del = await plugin.ExecAsync("escni", "DEL", config, Container(0), wired[0].Netns.Path, podName: wired[0].PodName);
            Assert.True(del.ExitCode == 0, del.ToString());
            Assert.DoesNotContain(ips[0], (await stack.GetJsonAsync("/v1/pods")).EnumerateArray().Select(p => p.GetProperty("ip").GetString()));
            Assert.DoesNotContain(ips[0] + " ", stack.Node.Exec("ip", "-6", "route", "show"), StringComparison.Ordinal);

            await stack.Daemon.TerminateAsync(TimeSpan.FromSeconds(30));
            string source = $"adopted from vpc-cni-checkpoint {checkpoint}";
            string released = NetworkNamespace.Run(RepoPaths.Daemon, "replay", "who-had", ips[0], "--journal", stack.JournalDirectory);
            Assert.Contains(source, released, StringComparison.Ordinal);
            Assert.Contains("released (CniDel)", released, StringComparison.Ordinal);
            string live = NetworkNamespace.Run(RepoPaths.Daemon, "replay", "who-had", ips[1], "--journal", stack.JournalDirectory);
            Assert.Contains(source, live, StringComparison.Ordinal);
            Assert.Contains(wired[1].PodName, live, StringComparison.Ordinal);
            ReplayVerdict verdict = ReplayVerifier.Verify(stack.JournalDirectory);
            Assert.True(verdict.ExitCode == 0 && verdict.Violations == 0, verdict.Report);
        }
        finally
        {
            foreach (NetworkNamespace pod in pods)
            {
                pod.Dispose();
            }
        }
    }

    // The VPC CNI's AssignIpv6Addresses Ipv6PrefixCount=1 on the primary ENI, before escni ever ran; returns the /80.
    private static async Task<IPNetwork> AssignSlash80AsTheVpcCniDidAsync(NodeStack stack)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Action"] = "AssignIpv6Addresses", ["Version"] = "2016-11-15", ["NetworkInterfaceId"] = PrimaryEni, ["Ipv6PrefixCount"] = "1",
        });
        using HttpResponseMessage response = await stack.SimAdmin.PostAsync(new Uri("/", UriKind.Relative), form);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        JsonElement state = await stack.SimAdmin.GetFromJsonAsync<JsonElement>(new Uri("admin/state", UriKind.Relative));
        JsonElement primary = state.GetProperty("enis").EnumerateArray().Single(e => e.GetProperty("id").GetString() == PrimaryEni);
        return IPNetwork.Parse(primary.GetProperty("ipv6Prefixes").EnumerateArray().Single().GetString()!);
    }

    private static IPAddress AddressAt(IPNetwork slash80, ulong offset)
    {
        byte[] bytes = slash80.BaseAddress.GetAddressBytes();
        for (int i = 15; i >= 10; i--, offset >>= 8)
        {
            bytes[i] = (byte)(offset & 0xff);
        }

        return new IPAddress(bytes);
    }

    private static ulong OffsetOf(IPNetwork slash80, IPAddress address)
    {
        Assert.True(slash80.Contains(address), $"{address} is outside {slash80}");
        byte[] bytes = address.GetAddressBytes();
        ulong offset = 0;
        for (int i = 10; i < 16; i++)
        {
            offset = (offset << 8) | bytes[i];
        }

        return offset;
    }

    private static string Container(int i) => string.Create(CultureInfo.InvariantCulture, $"vpc6-sandbox-{i}");
}
