using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EsCni.Plugin.Tests.Fixtures;
using EsCni.Protocol.V1;

namespace EsCni.Plugin.Tests.Commands;

/// <summary>
/// IPv6 pods (issue #17) through the published plugin in real namespaces: the VPC CNI's IPv6 wiring (/128,
/// fe80::1 with a permanent NDP entry, host /128 route and rule), traffic both ways, IPv4 egress over v4if0 with
/// SNAT to the node, CHECK and an idempotent DEL. The fake daemon answers with ipv6_addr set.
/// </summary>
[Collection(PluginCollection.Name)]
public sealed class Ipv6PodTests(PluginFixture fixture)
{
    private const string NodeIpv6 = "fd00:250::1";

    private static int s_nextHost;

    [Theory]
    [InlineData("0.4.0")]
    [InlineData("1.0.0")]
    [InlineData("1.1.0")]
    public void Add_Ipv6Version_WiresTheVpcCniIpv6Shape(string version)
    {
        using var egress = new EgressDirectory();
        using PodUnderTest pod = NewPod(version, egress);
        pod.AddOrFail();
        string ip = pod.PodIp;
        Assert.Equal(AddressFamily.InterNetworkV6, IPAddress.Parse(ip).AddressFamily);

        // Pod: the /128 on eth0, already usable (not tentative) when ADD returned; routes and the NDP entry for fe80::1.
        JsonElement[] addresses = Shell.IpJson("-n", pod.Pod.Name, "-6", "addr", "show", "dev", "eth0")
            .SelectMany(l => l.GetProperty("addr_info").EnumerateArray()).ToArray();
        JsonElement podAddress = addresses.Single(a => a.GetProperty("local").GetString() == ip);
        Assert.Equal(128, podAddress.GetProperty("prefixlen").GetInt32());
        Assert.False(podAddress.TryGetProperty("tentative", out _), $"{ip} is still tentative: {podAddress}");
        Assert.All(addresses, a => Assert.False(a.TryGetProperty("tentative", out _), $"tentative address on eth0: {a}"));

        string[] routes = Shell.IpJson("-n", pod.Pod.Name, "-6", "route", "show", "table", "main")
            .Select(r => $"{r.GetProperty("dst").GetString()} {AddCommandTests.Prop(r, "gateway")} {r.GetProperty("dev").GetString()}".Trim())
            .ToArray();
        Assert.Contains("fe80::1  eth0", routes);
        Assert.Contains("default fe80::1 eth0", routes);
        JsonElement neighbour = Shell.IpJson("-n", pod.Pod.Name, "-6", "neigh", "show", "dev", "eth0")
            .Single(n => n.GetProperty("dst").GetString() == "fe80::1");
        Assert.Equal(pod.HostMac, neighbour.GetProperty("lladdr").GetString());
        Assert.Contains("PERMANENT", neighbour.GetProperty("state").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("0", Sysctl(pod.Pod, "net.ipv6.conf.eth0.disable_ipv6"));

        // Node: host /128 route through the host veth, the to-pod rule, the host veth's sysctls.
        JsonElement hostRoute = Shell.IpJson("-n", pod.Node.Name, "-6", "route", "show", ip + "/128").Single();
        Assert.Equal(pod.HostVeth, hostRoute.GetProperty("dev").GetString());
        Assert.Equal([$"512 to {ip}/128 main"], V6Rules(pod.Node, ip));
        Assert.Equal("0", Sysctl(pod.Node, $"net.ipv6.conf.{pod.HostVeth}.accept_ra"));
        Assert.Equal("1", Sysctl(pod.Node, $"net.ipv6.conf.{pod.HostVeth}.accept_redirects"));
        Assert.Equal("0", Sysctl(pod.Node, $"net.ipv6.conf.{pod.HostVeth}.forwarding"));
        // The host end's link-local must be usable at once: the node's neighbour solicitations to the pod come from it.
        JsonElement[] hostAddresses = Shell.IpJson("-n", pod.Node.Name, "-6", "addr", "show", "dev", pod.HostVeth)
            .SelectMany(l => l.GetProperty("addr_info").EnumerateArray()).ToArray();
        Assert.Contains(hostAddresses, a => a.GetProperty("local").GetString()!.StartsWith("fe80:", StringComparison.Ordinal));
        Assert.All(hostAddresses, a => Assert.False(a.TryGetProperty("tentative", out _), $"tentative address on {pod.HostVeth}: {a}"));

        // Result: the /128 with gateway fe80::1 and a ::/0 route; the egress pair listed, its 169.254 address not in ips.
        using JsonDocument result = JsonDocument.Parse(pod.AddResult!);
        JsonElement ipConfig = result.RootElement.GetProperty("ips").EnumerateArray().Single();
        Assert.Equal(ip + "/128", ipConfig.GetProperty("address").GetString());
        Assert.Equal("fe80::1", ipConfig.GetProperty("gateway").GetString());
        Assert.Equal(version == "0.4.0", ipConfig.TryGetProperty("version", out JsonElement v) && v.GetString() == "6");
        Assert.Equal(["eth0", "v4if0"], result.RootElement.GetProperty("interfaces").EnumerateArray()
            .Where(i => i.TryGetProperty("sandbox", out _)).Select(i => i.GetProperty("name").GetString()!).ToArray());
    }

    [Fact]
    public async Task Add_Ipv6_CarriesPingAndTcpBothWaysBetweenPodAndNode()
    {
        using var egress = new EgressDirectory();
        using PodUnderTest pod = NewPod("1.0.0", egress);
        Shell.Ip("-n", pod.Node.Name, "-6", "addr", "add", NodeIpv6 + "/128", "dev", "lo");
        pod.AddOrFail();

        Assert.Equal(0, Shell.Run("ip", ["netns", "exec", pod.Pod.Name, "ping", "-6", "-c", "1", "-W", "5", NodeIpv6]).ExitCode);
        Assert.Equal(0, Shell.Run("ip", ["netns", "exec", pod.Node.Name, "ping", "-6", "-c", "1", "-W", "5", pod.PodIp]).ExitCode);
        Assert.Equal(IPAddress.Parse(NodeIpv6), await EchoAsync(listenIn: pod.Pod, listenAt: pod.PodIp, connectFrom: pod.Node));
        Assert.Equal(IPAddress.Parse(pod.PodIp), await EchoAsync(listenIn: pod.Node, listenAt: NodeIpv6, connectFrom: pod.Pod));
    }

    [Fact]
    public async Task Add_Ipv6_ReachesIpv4BeyondTheNodeThroughSnatToTheNodeAddress()
    {
        // pod (IPv6 + v4if0) -> node (forwarding, SNAT) -> "outside" namespace that only knows 198.18.0.0/24: the
        // outside host can answer only if the node rewrote the 169.254.172.x source to its own address.
        using var egress = new EgressDirectory();
        using PodUnderTest pod = NewPod("1.1.0", egress);
        using var outside = new TestNamespace("out");
        string nodeSide = "eo" + pod.ContainerId[1..9];
        Shell.Ip("-n", pod.Node.Name, "link", "add", nodeSide, "type", "veth", "peer", "name", "eth0", "netns", outside.Name);
        Shell.Ip("-n", pod.Node.Name, "addr", "add", "198.18.0.1/24", "dev", nodeSide);
        Shell.Ip("-n", pod.Node.Name, "link", "set", nodeSide, "up");
        Shell.Ip("-n", outside.Name, "addr", "add", "198.18.0.2/24", "dev", "eth0");
        Shell.Ip("-n", outside.Name, "link", "set", "eth0", "up");
        Assert.Equal(0, Shell.Run("ip", ["netns", "exec", pod.Node.Name, "sysctl", "-qw", "net.ipv4.ip_forward=1"]).ExitCode);
        fixture.Ipamd.Scripts[pod.ContainerId] = new FakeIpamd.AddScript(Ipv6Address: NewIpv6(), NodeIpv4: "198.18.0.1");
        pod.AddOrFail();

        string egressAddress = PodV4Address(pod);
        Assert.StartsWith("169.254.17", egressAddress);
        Assert.Equal(IPAddress.Parse("198.18.0.1"), await EchoAsync(listenIn: outside, listenAt: "198.18.0.2", connectFrom: pod.Pod));
        // ... and the node namespace's own IPv4 address, delivered locally (no SNAT on that path).
        Assert.Equal(IPAddress.Parse(egressAddress), await EchoAsync(listenIn: pod.Node, listenAt: PluginFixture.NodeAddress, connectFrom: pod.Pod));

        string nat = Shell.Run("ip", ["netns", "exec", pod.Node.Name, "iptables", "-w", "-t", "nat", "-S", "POSTROUTING"]).Stdout;
        Assert.Single(nat.Split('\n'), l => l.Contains("169.254.172.0/22") && l.Contains("--to-source 198.18.0.1"));
        Assert.Equal([egressAddress], egress.ReservedAddresses());
    }

    [Fact]
    public void Check_Ipv6_PassesThenDetectsAMissingPodAddressAndHostRoute()
    {
        using var egress = new EgressDirectory();
        using PodUnderTest pod = NewPod("1.1.0", egress);
        pod.AddOrFail();
        Shell.Result healthy = pod.Invoke("CHECK", pod.AddResult);
        Assert.True(healthy.ExitCode == 0, healthy.Stdout + healthy.Stderr);

        Shell.Ip("-n", pod.Pod.Name, "-6", "addr", "del", pod.PodIp + "/128", "dev", "eth0");
        Shell.Ip("-n", pod.Node.Name, "-6", "route", "del", pod.PodIp + "/128");
        Shell.Result broken = pod.Invoke("CHECK", pod.AddResult);
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains($"address {pod.PodIp}/128 is missing on eth0", broken.Stdout);
        Assert.Contains($"host route {pod.PodIp}/128 dev {pod.HostVeth} is missing", broken.Stdout);
    }

    [Fact]
    public void Check_Ipv6_DetectsMissingIpv4Egress()
    {
        using var egress = new EgressDirectory();
        using PodUnderTest pod = NewPod("1.1.0", egress);
        pod.AddOrFail();
        Shell.Ip("-n", pod.Pod.Name, "link", "del", "v4if0");

        Shell.Result broken = pod.Invoke("CHECK", pod.AddResult);
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("IPv4 egress interface v4if0 is missing", broken.Stdout);
    }

    [Fact]
    public void Del_Ipv6_RemovesEverythingAndIsIdempotent()
    {
        using var egress = new EgressDirectory();
        using PodUnderTest pod = NewPod("1.0.0", egress);
        pod.AddOrFail();
        string ip = pod.PodIp;
        Assert.Equal(2, pod.ExtraNodeLinks().Length);
        Assert.Single(egress.ReservedAddresses());

        for (int i = 0; i < 2; i++)
        {
            Shell.Result del = pod.Invoke("DEL", pod.AddResult);
            Assert.True(del.ExitCode == 0, $"DEL #{i + 1}: {del.Stdout} {del.Stderr}");
            Assert.Empty(pod.ExtraNodeLinks());
            Assert.Empty(Shell.IpJson("-n", pod.Node.Name, "-6", "route", "show", ip + "/128"));
            Assert.Empty(V6Rules(pod.Node, ip));
            Assert.Empty(egress.ReservedAddresses());
            Assert.Equal(["lo"], Shell.IpJson("-n", pod.Pod.Name, "link", "show").Select(l => l.GetProperty("ifname").GetString()!).ToArray());
        }
    }

    [Fact]
    public void Add_Ipv6WithV4EgressOff_WiresOnlyEth0()
    {
        using var egress = new EgressDirectory();
        using var pod = new PodUnderTest(fixture, "1.0.0") { ExtraConfig = egress.Config + ", \"enableV4Egress\": false" };
        fixture.Ipamd.Scripts[pod.ContainerId] = new FakeIpamd.AddScript(Ipv6Address: NewIpv6());
        pod.AddOrFail();

        Assert.Equal([pod.HostVeth], pod.ExtraNodeLinks());
        Assert.False(Directory.Exists(egress.Path) && egress.ReservedAddresses().Length > 0);
    }

    [Fact]
    public void Gc_ForgottenIpv6Pod_ReleasesItsHostRouteAndIpv4Egress()
    {
        using var egress = new EgressDirectory();
        using PodUnderTest pod = NewPod("1.1.0", egress);
        pod.AddOrFail();
        string ip = pod.PodIp;
        string egressVeth = pod.ExtraNodeLinks().Single(l => l.StartsWith("eg4", StringComparison.Ordinal));
        // Every other test's allocation is valid; only this pod was forgotten by the runtime.
        string valid = string.Join(", ", fixture.Ipamd.Allocations.Keys.Where(k => k.ContainerId != pod.ContainerId)
            .Select(k => $"{{\"containerID\": \"{k.ContainerId}\", \"ifname\": \"{k.IfName}\"}}"));

        Shell.Result gc = fixture.RunRaw(pod.Node, new System.Collections.Generic.Dictionary<string, string?> { ["CNI_COMMAND"] = "GC", ["CNI_PATH"] = "/usr/lib/cni" },
            fixture.Config("1.1.0", extra: egress.Config + $", \"cni.dev/valid-attachments\": [{valid}]"));

        Assert.True(gc.ExitCode == 0, gc.Stdout + gc.Stderr);
        Assert.Empty(egress.ReservedAddresses());
        Assert.DoesNotContain(egressVeth, pod.ExtraNodeLinks());
        Assert.Empty(Shell.IpJson("-n", pod.Node.Name, "-6", "route", "show", ip + "/128"));
        Assert.Empty(V6Rules(pod.Node, ip));
    }

    [Fact]
    public void Add_Ipv4EgressFails_UndoesTheIpv6WiringAndReleasesTheIp()
    {
        // A v4EgressDir under a regular file cannot be created: the egress step fails after eth0 is wired.
        using var pod = new PodUnderTest(fixture, "1.0.0") { ExtraConfig = ", \"v4EgressDir\": \"/dev/null/escni-egress\"" };
        fixture.Ipamd.Scripts[pod.ContainerId] = new FakeIpamd.AddScript(Ipv6Address: NewIpv6());

        Shell.Result add = pod.Add();

        Assert.NotEqual(0, add.ExitCode);
        Assert.Contains("/dev/null/escni-egress", add.Stdout);
        Assert.Empty(pod.ExtraNodeLinks());
        Assert.Equal(["lo"], Shell.IpJson("-n", pod.Pod.Name, "link", "show").Select(l => l.GetProperty("ifname").GetString()!).ToArray());
        DelNetworkRequest release = fixture.Ipamd.CallsOf<DelNetworkRequest>().Last(r => r.ContainerId == pod.ContainerId);
        Assert.Equal("SetupNSFailed", release.Reason);
        Assert.DoesNotContain(fixture.Ipamd.Allocations.Keys, k => k.ContainerId == pod.ContainerId);
    }

    private PodUnderTest NewPod(string version, EgressDirectory egress)
    {
        var pod = new PodUnderTest(fixture, version) { ExtraConfig = egress.Config };
        fixture.Ipamd.Scripts[pod.ContainerId] = new FakeIpamd.AddScript(Ipv6Address: NewIpv6());
        return pod;
    }

    /// <summary>An address of the documentation prefix inside one /80, as the daemon would carve from the node's prefix.</summary>
    private static string NewIpv6() => $"2001:db8:0:1:0:{Interlocked.Increment(ref s_nextHost):x}::7";

    private static string PodV4Address(PodUnderTest pod) =>
        Shell.IpJson("-n", pod.Pod.Name, "-4", "addr", "show", "dev", "v4if0")
            .SelectMany(l => l.GetProperty("addr_info").EnumerateArray()).Single().GetProperty("local").GetString()!;

    private static string Sysctl(TestNamespace ns, string name) =>
        Shell.Run("ip", ["netns", "exec", ns.Name, "sysctl", "-n", name]).Stdout.Trim();

    private static string[] V6Rules(TestNamespace node, string ip) =>
        Shell.IpJson("-n", node.Name, "-6", "rule", "show")
            .Where(r => AddCommandTests.Prop(r, "dst") == ip || AddCommandTests.Prop(r, "src") == ip)
            .Select(r => $"{r.GetProperty("priority").GetInt32()} to {ip}/{AddCommandTests.Prop(r, "dstlen", "128")} {AddCommandTests.Prop(r, "table")}")
            .ToArray();

    /// <summary>Connects from one namespace to a listener in another; returns the client address the listener saw.</summary>
    private static async Task<IPAddress> EchoAsync(TestNamespace listenIn, string listenAt, TestNamespace connectFrom)
    {
        IPAddress address = IPAddress.Parse(listenAt);
        using Socket listener = listenIn.CreateTcpSocket(address.AddressFamily);
        listener.Bind(new IPEndPoint(address, 0));
        listener.Listen();
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        Task<IPAddress> server = Task.Run(async () =>
        {
            using Socket accepted = await listener.AcceptAsync();
            byte[] buffer = new byte[64];
            int n = await accepted.ReceiveAsync(buffer);
            await accepted.SendAsync(Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(buffer, 0, n).ToUpperInvariant()));
            return ((IPEndPoint)accepted.RemoteEndPoint!).Address;
        });

        using Socket client = connectFrom.CreateTcpSocket(address.AddressFamily);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(new IPEndPoint(address, port), timeout.Token);
        await client.SendAsync(Encoding.ASCII.GetBytes("ping"), timeout.Token);
        byte[] reply = new byte[64];
        int read = await client.ReceiveAsync(reply, timeout.Token);
        Assert.Equal("PING", Encoding.ASCII.GetString(reply, 0, read));
        return await server.WaitAsync(timeout.Token);
    }

    /// <summary>A private v4EgressDir per test, so reservations of parallel tests never mix (and /run/escni stays untouched).</summary>
    private sealed class EgressDirectory : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "escni-pt-egress-" + Guid.NewGuid().ToString("N")[..8]);

        public string Config => $", \"v4EgressDir\": \"{Path}\"";

        public string[] ReservedAddresses() => Directory.Exists(Path)
            ? Directory.GetFiles(Path).Select(f => System.IO.Path.GetFileName(f))
                .Where(n => n.StartsWith("169.254.", StringComparison.Ordinal) && !n.EndsWith(".tmp", StringComparison.Ordinal)).ToArray()
            : [];

        public void Dispose()
        {
            if (Directory.Exists(Path))
            {
                Directory.Delete(Path, recursive: true);
            }
        }
    }
}
