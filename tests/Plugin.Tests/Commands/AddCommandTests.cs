using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using EsCni.Plugin.Tests.Fixtures;
using EsCni.Protocol.V1;
using Grpc.Core;

namespace EsCni.Plugin.Tests.Commands;

/// <summary>ADD against real namespaces: exact pod/host state, traffic, result shape, failure rollback.</summary>
[Collection(PluginCollection.Name)]
public sealed class AddCommandTests(PluginFixture fixture)
{
    [Theory]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    [InlineData("1.1.0")]
    public void Add_Version_WiresExactlyThePodAndHostState(string version)
    {
        using var pod = new PodUnderTest(fixture, version);
        pod.AddOrFail();
        string ip = pod.PodIp;

        // Pod: exactly lo and eth0 (up, MTU 9001), exactly one IPv4 address, exactly two routes, the static ARP entry.
        JsonElement[] links = Shell.IpJson("-n", pod.Pod.Name, "link", "show");
        Assert.Equal(["eth0", "lo"], links.Select(l => l.GetProperty("ifname").GetString()!).Order().ToArray());
        JsonElement eth0 = links.Single(l => l.GetProperty("ifname").GetString() == "eth0");
        Assert.Equal(9001, eth0.GetProperty("mtu").GetInt32());
        Assert.Contains("UP", eth0.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));

        string[] addresses = Shell.IpJson("-n", pod.Pod.Name, "-4", "addr", "show", "dev", "eth0")
            .SelectMany(l => l.GetProperty("addr_info").EnumerateArray())
            .Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}").ToArray();
        Assert.Equal([ip + "/32"], addresses);

        string[] routes = Shell.IpJson("-n", pod.Pod.Name, "-4", "route", "show")
            .Select(r => $"{r.GetProperty("dst").GetString()} {Prop(r, "gateway")} {r.GetProperty("dev").GetString()} {Prop(r, "scope")}".Trim())
            .Order().ToArray();
        Assert.Equal(["169.254.1.1  eth0 link", "default 169.254.1.1 eth0"], routes);

        JsonElement neighbour = Shell.IpJson("-n", pod.Pod.Name, "-4", "neigh", "show", "dev", "eth0").Single();
        Assert.Equal("169.254.1.1", neighbour.GetProperty("dst").GetString());
        Assert.Equal(pod.HostMac, neighbour.GetProperty("lladdr").GetString());
        Assert.Contains("PERMANENT", neighbour.GetProperty("state").EnumerateArray().Select(s => s.GetString()));

        // Node: the host veth (created there directly), the /32 route through it, the to-pod rule only.
        Assert.Equal([pod.HostVeth], pod.ExtraNodeLinks());
        Assert.StartsWith("eni", pod.HostVeth);
        Assert.Equal(14, pod.HostVeth.Length);
        JsonElement hostRoute = Shell.IpJson("-n", pod.Node.Name, "-4", "route", "show", ip).Single();
        Assert.Equal(pod.HostVeth, hostRoute.GetProperty("dev").GetString());
        Assert.Equal("link", hostRoute.GetProperty("scope").GetString());
        string[] rules = PodRules(pod.Node, ip);
        Assert.Equal([$"512 to {ip}/32 main"], rules);
    }

    [Theory]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    [InlineData("1.1.0")]
    public void Add_Version_PrintsResultInTheConfigVersion(string version)
    {
        using var pod = new PodUnderTest(fixture, version);
        pod.AddOrFail();

        using JsonDocument result = JsonDocument.Parse(pod.AddResult!);
        JsonElement root = result.RootElement;
        Assert.Equal(version, root.GetProperty("cniVersion").GetString());
        JsonElement[] interfaces = root.GetProperty("interfaces").EnumerateArray().ToArray();
        Assert.Equal(2, interfaces.Length);
        Assert.False(interfaces[0].TryGetProperty("sandbox", out _));
        Assert.Equal("eth0", interfaces[1].GetProperty("name").GetString());
        Assert.Equal(pod.Pod.Path, interfaces[1].GetProperty("sandbox").GetString());
        Assert.Equal(version == "1.1.0", interfaces[1].TryGetProperty("mtu", out _));
        string podMac = Shell.IpJson("-n", pod.Pod.Name, "link", "show", "eth0").Single().GetProperty("address").GetString()!;
        Assert.Equal(podMac, interfaces[1].GetProperty("mac").GetString());
        int firstOctet = System.Convert.ToInt32(podMac[..2], 16);
        Assert.Equal(2, firstOctet & 3); // locally administered, unicast

        JsonElement ip = root.GetProperty("ips").EnumerateArray().Single();
        Assert.Equal(1, ip.GetProperty("interface").GetInt32());
        Assert.EndsWith("/32", ip.GetProperty("address").GetString());
        Assert.Equal(version == "0.4.0", ip.TryGetProperty("version", out _));
    }

    [Theory]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    [InlineData("1.1.0")]
    public async Task Add_Version_CarriesTcpBothWaysBetweenPodAndNode(string version)
    {
        using var pod = new PodUnderTest(fixture, version);
        pod.AddOrFail();

        // node -> pod
        Assert.Equal("PING-1", await EchoAsync(listenIn: pod.Pod, listenAt: pod.PodIp, connectFrom: pod.Node, "ping-1"));
        // pod -> node (default route via 169.254.1.1, answered by the permanent neighbour entry)
        Assert.Equal("PING-2", await EchoAsync(listenIn: pod.Node, listenAt: PluginFixture.NodeAddress, connectFrom: pod.Pod, "ping-2"));
    }

    [Fact]
    public void Add_IpOnSecondaryEni_AddsFromPodRuleForTheEniTable()
    {
        using var pod = new PodUnderTest(fixture, "1.0.0");
        fixture.Ipamd.Scripts[pod.ContainerId] = new FakeIpamd.AddScript(RouteTableId: 3);
        pod.AddOrFail();

        string ip = pod.PodIp;
        Assert.Equal([$"1536 from {ip}/32 3", $"512 to {ip}/32 main"], PodRules(pod.Node, ip));
    }

    [Fact]
    public void Add_RequestToDaemon_CarriesKeyPodAndClientVersion()
    {
        using var pod = new PodUnderTest(fixture, "1.0.0");
        pod.AddOrFail();

        AddNetworkRequest request = fixture.Ipamd.CallsOf<AddNetworkRequest>().Single(r => r.ContainerId == pod.ContainerId);
        Assert.Equal(PluginFixture.NetworkName, request.NetworkName);
        Assert.Equal("eth0", request.IfName);
        Assert.Equal(pod.Pod.Path, request.Netns);
        Assert.Equal("default", request.K8SPodNamespace);
        Assert.Equal("pod-" + pod.ContainerId, request.K8SPodName);
        Assert.False(string.IsNullOrEmpty(request.ClientVersion));
        Assert.False(string.IsNullOrEmpty(request.RequestId));
    }

    [Fact]
    public void Add_StaleHostVethOfSamePod_IsReplaced()
    {
        using var pod = new PodUnderTest(fixture, "1.0.0");
        pod.AddOrFail();
        string staleVeth = pod.HostVeth;

        // A new sandbox of the same pod (same K8S args, new netns) while the old veth still exists.
        using var secondPod = new TestNamespace("pod");
        Shell.Result again = fixture.Run(pod.Node, "ADD", pod.ContainerId, secondPod.Path, "eth0", fixture.Config("1.0.0"));
        Assert.True(again.ExitCode == 0, again.Stdout + again.Stderr);
        Assert.Equal([staleVeth], pod.ExtraNodeLinks());
        Assert.Empty(Shell.IpJson("-n", pod.Pod.Name, "link", "show", "type", "veth"));
    }

    [Fact]
    public void Add_IfNameAlreadyInPod_FailsWithoutAllocating()
    {
        using var pod = new PodUnderTest(fixture, "1.0.0");
        Shell.Ip("-n", pod.Pod.Name, "link", "add", "eth0", "type", "veth", "peer", "name", "other0");

        Shell.Result result = pod.Add();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("already exists", Error(result).Msg);
        Assert.DoesNotContain(fixture.Ipamd.CallsOf<AddNetworkRequest>(), r => r.ContainerId == pod.ContainerId);
        Assert.Empty(pod.ExtraNodeLinks());
    }

    [Theory]
    [InlineData("not-an-ip")]
    [InlineData("253")]
    public void Add_FailureAfterAllocation_ReleasesTheIpAndLeavesNoLink(string breakage)
    {
        using var pod = new PodUnderTest(fixture, "1.0.0");
        fixture.Ipamd.Scripts[pod.ContainerId] = breakage == "253"
            ? new FakeIpamd.AddScript(RouteTableId: 253)
            : new FakeIpamd.AddScript(Address: breakage);

        Shell.Result result = pod.Add();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(999, Error(result).Code);
        DelNetworkRequest release = fixture.Ipamd.CallsOf<DelNetworkRequest>().Single(r => r.ContainerId == pod.ContainerId);
        Assert.Equal("SetupNSFailed", release.Reason);
        Assert.DoesNotContain(fixture.Ipamd.Allocations.Keys, k => k.ContainerId == pod.ContainerId);
        Assert.Empty(pod.ExtraNodeLinks());
        Assert.Empty(Shell.IpJson("-n", pod.Pod.Name, "link", "show", "type", "veth"));
    }

    [Theory]
    [InlineData(StatusCode.ResourceExhausted, 11)]
    [InlineData(StatusCode.Unavailable, 50)]
    [InlineData(StatusCode.Internal, 999)]
    public void Add_DaemonRefuses_MapsToCniCode(StatusCode status, int expected)
    {
        using var pod = new PodUnderTest(fixture, "1.1.0");
        fixture.Ipamd.Scripts[pod.ContainerId] = new FakeIpamd.AddScript(Failure: status);

        Shell.Result result = pod.Add();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(expected, Error(result).Code);
        Assert.Empty(pod.ExtraNodeLinks());
    }

    [Fact]
    public void Add_DaemonSocketMissing_NotReady50()
    {
        using var pod = new PodUnderTest(fixture, "1.1.0");
        Shell.Result result = fixture.Run(pod.Node, "ADD", pod.ContainerId, pod.Pod.Path, "eth0",
            fixture.Config("1.1.0", socket: "/run/escni-pt-missing/ipamd.sock"));

        Assert.Equal(1, result.ExitCode);
        (int code, string msg) = Error(result);
        Assert.Equal(50, code);
        Assert.Contains("/run/escni-pt-missing/ipamd.sock", msg);
    }

    internal static (int Code, string Msg) Error(Shell.Result result)
    {
        using JsonDocument error = JsonDocument.Parse(result.Stdout);
        return (error.RootElement.GetProperty("code").GetInt32(), error.RootElement.GetProperty("msg").GetString()!);
    }

    internal static string[] PodRules(TestNamespace node, string ip) =>
        Shell.IpJson("-n", node.Name, "-4", "rule", "show")
            .Where(r => Prop(r, "src") == ip || Prop(r, "dst") == ip)
            .Select(r => Prop(r, "src") == ip
                ? $"{r.GetProperty("priority").GetInt32()} from {ip}/{Prop(r, "srclen", "32")} {Prop(r, "table")}"
                : $"{r.GetProperty("priority").GetInt32()} to {ip}/{Prop(r, "dstlen", "32")} {Prop(r, "table")}")
            .Order().ToArray();

    // iproute2 leaves out keys with default values (e.g. srclen for a /32), hence the fallback.
    internal static string Prop(JsonElement element, string name, string fallback = "") =>
        element.TryGetProperty(name, out JsonElement value) ? value.ToString() : fallback;

    private static async Task<string> EchoAsync(TestNamespace listenIn, string listenAt, TestNamespace connectFrom, string message)
    {
        using Socket listener = listenIn.CreateTcpSocket();
        listener.Bind(new IPEndPoint(IPAddress.Parse(listenAt), 0));
        listener.Listen();
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        Task server = Task.Run(async () =>
        {
            using Socket accepted = await listener.AcceptAsync();
            byte[] buffer = new byte[64];
            int n = await accepted.ReceiveAsync(buffer);
            await accepted.SendAsync(Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(buffer, 0, n).ToUpperInvariant()));
        });

        using Socket client = connectFrom.CreateTcpSocket();
        using var timeout = new System.Threading.CancellationTokenSource(System.TimeSpan.FromSeconds(10));
        await client.ConnectAsync(new IPEndPoint(IPAddress.Parse(listenAt), port), timeout.Token);
        await client.SendAsync(Encoding.ASCII.GetBytes(message), timeout.Token);
        byte[] reply = new byte[64];
        int read = await client.ReceiveAsync(reply, timeout.Token);
        await server.WaitAsync(timeout.Token);
        return Encoding.ASCII.GetString(reply, 0, read);
    }
}
