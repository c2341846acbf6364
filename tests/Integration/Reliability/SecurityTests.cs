using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsCni.Integration.Support;
using EsCni.Protocol.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit.Abstractions;

namespace EsCni.Integration.Reliability;

/// <summary>The trust boundaries of docs/security.md, checked against the running daemon and the published plugin.</summary>
[Collection(nameof(NodeCollection))]
public sealed class SecurityTests
{
    private readonly ITestOutputHelper _output;

    public SecurityTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Daemon_DefaultListeners_GrpcOnlyOnRestrictedSocketAndHttpReadOnlyOnLoopback()
    {
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: new Dictionary<string, string> { ["WARM_IP_TARGET"] = "2" });
        stack.UnsetDaemonVariable("INTROSPECTION_BIND_ADDRESS");
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 1, TimeSpan.FromSeconds(60), "a free IP");

        // Socket 0660 root:root in a 0750 directory; journal 0700.
        var socket = new FileInfo(stack.SocketPath);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, File.GetUnixFileMode(stack.SocketPath));
        Assert.Equal("0 0", NetworkNamespace.Run("stat", "-c", "%u %g", stack.SocketPath).Trim());
        Assert.Equal("750", NetworkNamespace.Run("stat", "-c", "%a", socket.DirectoryName!).Trim());
        Assert.Equal("700", NetworkNamespace.Run("stat", "-c", "%a", stack.JournalDirectory).Trim());

        // The daemon's TCP listeners: introspection on loopback (its default), metrics; nothing else.
        string listeners = stack.Node.Exec("ss", "-Hltnp");
        string[] daemonListeners = listeners.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.Contains($"pid={stack.Daemon.Pid},", StringComparison.Ordinal)).ToArray();
        _output.WriteLine("daemon TCP listeners:\n" + string.Join('\n', daemonListeners));
        Assert.Contains(daemonListeners, l => l.Contains("127.0.0.1:61679", StringComparison.Ordinal));
        Assert.DoesNotContain(daemonListeners, l => l.Contains(":61679", StringComparison.Ordinal) && !l.Contains("127.0.0.1:61679", StringComparison.Ordinal));
        Assert.All(daemonListeners, l => Assert.True(l.Contains(":61679 ", StringComparison.Ordinal) || l.Contains(":61678 ", StringComparison.Ordinal), "unexpected TCP listener: " + l));

        // gRPC over TCP on either port: refused, and nothing allocated.
        foreach (int port in new[] { 61679, 61678 })
        {
            using GrpcChannel tcp = GrpcChannel.ForAddress($"http://127.0.0.1:{port}", new GrpcChannelOptions { HttpHandler = NetnsHandler(stack) });
            var client = new CniBackend.CniBackendClient(tcp);
            RpcException refused = await Assert.ThrowsAsync<RpcException>(async () => await client.AddNetworkAsync(CniRequests.Add("over-tcp"), deadline: DateTime.UtcNow.AddSeconds(10)));
            _output.WriteLine($"gRPC AddNetwork over TCP :{port} → {refused.StatusCode}: {refused.Status.Detail}");

            using var http = new HttpClient(NetnsHandler(stack)) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            using var post = new ByteArrayContent([0, 0, 0, 0, 0]);
            post.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
            using HttpResponseMessage response = await http.PostAsync(new Uri("escni.v1.CniBackend/AddNetwork", UriKind.Relative), post);
            Assert.True(response.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.MethodNotAllowed, $"POST of a gRPC frame to :{port} answered {(int)response.StatusCode}");
        }

        Assert.Empty((await stack.GetJsonAsync("/v1/pods")).EnumerateArray());

        // Read-only HTTP: every introspection endpoint refuses writes. /metrics (prometheus-net's endpoint) answers any
        // method with the exposition: nothing to write there, so only "no state changed" is asserted for it.
        string poolBefore = (await stack.GetJsonAsync("/v1/pods")).ToString();
        foreach (string path in new[] { "/v1/pods", "/v1/enis", "/v1/pool", "/v1/events", "/v1/state", "/metrics", "/" })
        {
            HttpClient target = path == "/metrics" ? stack.Metrics : stack.Introspection;
            foreach (HttpMethod method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
            {
                using var request = new HttpRequestMessage(method, new Uri(path.TrimStart('/'), UriKind.Relative)) { Content = JsonContent.Create(new { containerId = "x" }) };
                using HttpResponseMessage response = await target.SendAsync(request);
                bool refused = response.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.MethodNotAllowed;
                bool metricsExposition = path == "/metrics" && (await response.Content.ReadAsStringAsync()).Contains("# TYPE", StringComparison.Ordinal);
                Assert.True(refused || metricsExposition, $"{method} {path} answered {(int)response.StatusCode}");
                _output.WriteLine($"{method} {path} → {(int)response.StatusCode}");
            }
        }

        Assert.Equal(poolBefore, (await stack.GetJsonAsync("/v1/pods")).ToString());
    }

    [Fact]
    public async Task PluginAdd_NetnsNotAPodNetworkNamespace_RefusedWithCode4AndNothingAllocated()
    {
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: new Dictionary<string, string> { ["WARM_IP_TARGET"] = "2" });
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 1, TimeSpan.FromSeconds(60), "a free IP");
        string[] paths =
        [
            CreateFile(stack, "netns-file"),
            CreateSymlink(stack, "netns-link", "/etc/passwd"),
            "/proc/self/ns/net",
            Path.Combine(stack.WorkDirectory, "no-such-netns"),
            stack.WorkDirectory,
            "/var/run/netns/../../../etc/passwd",
        ];

        foreach (string path in paths)
        {
            await AssertAddRefusedAsync(stack, path, expectedCode: 4);
        }
    }

    [Fact]
    public async Task PluginAdd_NetnsIsProcFileButNotANetNamespace_RefusedWithCode4()
    {
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: new Dictionary<string, string> { ["WARM_IP_TARGET"] = "2" });
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 1, TimeSpan.FromSeconds(60), "a free IP");
        await AssertAddRefusedAsync(stack, "/proc/self/status", expectedCode: 4);
        await AssertAddRefusedAsync(stack, "/proc/self/ns/mnt", expectedCode: 4);
    }

    [Fact]
    public async Task PluginDel_NetnsIsPluginsOwnNamespace_HostInterfaceUntouched()
    {
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: new Dictionary<string, string> { ["WARM_IP_TARGET"] = "2" });
        await stack.StartDaemonAsync();
        var plugin = new PluginRunner(stack);
        JsonObject config = plugin.EscniConfig(Path.Combine(stack.WorkDirectory, "plugin.log"));
        config["cniVersion"] = "1.0.0";
        config["name"] = "escni";

        await plugin.ExecAsync("escni", "DEL", config, "ctr-own", "/proc/self/ns/net", ifName: "eth0");

        Assert.Contains("eth0", stack.Node.Exec("ip", "-o", "link", "show"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DaemonAndPluginLogs_AfterImdsCredentialsUsed_NeverContainTheSecret()
    {
        await using NodeStack stack = await NodeStack.StartAsync(daemonEnvironment: new Dictionary<string, string> { ["WARM_IP_TARGET"] = "2", ["ESCNI_LOG_LEVEL"] = "Trace" });
        await stack.StartDaemonAsync();
        await stack.WaitForPoolAsync(p => p.GetProperty("free").GetInt32() >= 1, TimeSpan.FromSeconds(60), "a free IP");
        using NetworkNamespace pod = NetworkNamespace.Create("escni-rel");
        var plugin = new PluginRunner(stack);
        string pluginLog = Path.Combine(stack.WorkDirectory, "plugin.log");
        JsonObject config = plugin.EscniConfig(pluginLog);
        config["cniVersion"] = "1.0.0";
        config["name"] = "escni";
        PluginResult add = await plugin.ExecAsync("escni", "ADD", config, "ctr-secret", pod.Path);
        Assert.True(add.ExitCode == 0, add.ToString());
        config["prevResult"] = JsonNode.Parse(add.Stdout);
        Assert.Equal(0, (await plugin.ExecAsync("escni", "DEL", config, "ctr-secret", pod.Path)).ExitCode);

        (string accessKey, string secret, string token) = await InstanceRoleCredentialsAsync(stack);
        JsonElement calls = await stack.SimAdmin.GetFromJsonAsync<JsonElement>(new Uri("admin/calls", UriKind.Relative));
        Assert.Contains(calls.EnumerateArray(), c => c.GetProperty("api").GetString() == "imds" && c.GetProperty("action").GetString()!.Contains("security-credentials/", StringComparison.Ordinal));

        await stack.Daemon.TerminateAsync(TimeSpan.FromSeconds(30));
        string logs = stack.Daemon.Output + "\n" + await File.ReadAllTextAsync(pluginLog) + "\n" + add.Stderr;
        Assert.True(logs.Length > 1000, "the logs are too short to mean anything: " + logs);
        Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(token, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(accessKey, logs, StringComparison.Ordinal);
        _output.WriteLine($"searched {logs.Length} characters of daemon (Trace) and plugin (debug) logs for the role's access key, secret and token: not found");
    }

    private async Task AssertAddRefusedAsync(NodeStack stack, string path, int expectedCode)
    {
        string[] linksBefore = LinkNames(stack.Node);
        var plugin = new PluginRunner(stack);
        JsonObject config = plugin.EscniConfig(Path.Combine(stack.WorkDirectory, "plugin.log"));
        config["cniVersion"] = "1.0.0";
        config["name"] = "escni";

        PluginResult add = await plugin.ExecAsync("escni", "ADD", config, "ctr-netns", path);

        _output.WriteLine($"CNI_NETNS={path}: {add.Stdout}");
        Assert.Equal(1, add.ExitCode);
        using JsonDocument error = add.Json();
        Assert.True(expectedCode == error.RootElement.GetProperty("code").GetInt32(), $"CNI_NETNS={path}: {add}");
        Assert.DoesNotContain("   at ", add.Stdout + add.Stderr, StringComparison.Ordinal);
        Assert.Empty((await stack.GetJsonAsync("/v1/pods")).EnumerateArray());
        Assert.Equal(linksBefore, LinkNames(stack.Node));
        Assert.StartsWith("root:x:0:0", await File.ReadAllTextAsync("/etc/passwd"), StringComparison.Ordinal);
    }

    private static string[] LinkNames(NetworkNamespace ns) =>
        ns.Exec("ip", "-o", "link", "show").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':')[1].Trim()).Order(StringComparer.Ordinal).ToArray();

    private static async Task<(string AccessKey, string Secret, string Token)> InstanceRoleCredentialsAsync(NodeStack stack)
    {
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Put, new Uri("latest/api/token", UriKind.Relative));
        tokenRequest.Headers.Add("X-aws-ec2-metadata-token-ttl-seconds", "60");
        using HttpResponseMessage tokenResponse = await stack.SimAdmin.SendAsync(tokenRequest);
        string imdsToken = await tokenResponse.Content.ReadAsStringAsync();
        async Task<string> GetAsync(string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            request.Headers.Add("X-aws-ec2-metadata-token", imdsToken);
            using HttpResponseMessage response = await stack.SimAdmin.SendAsync(request);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsStringAsync();
        }

        string role = (await GetAsync("latest/meta-data/iam/security-credentials/")).Trim();
        using JsonDocument credentials = JsonDocument.Parse(await GetAsync("latest/meta-data/iam/security-credentials/" + role));
        return (credentials.RootElement.GetProperty("AccessKeyId").GetString()!, credentials.RootElement.GetProperty("SecretAccessKey").GetString()!, credentials.RootElement.GetProperty("Token").GetString()!);
    }

    private static SocketsHttpHandler NetnsHandler(NodeStack stack) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            Socket socket = NetnsSockets.CreateTcp(stack.Node.Path);
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    };

    private static string CreateFile(NodeStack stack, string name)
    {
        string path = Path.Combine(stack.WorkDirectory, name);
        File.WriteAllText(path, "not a namespace");
        return path;
    }

    private static string CreateSymlink(NodeStack stack, string name, string target)
    {
        string path = Path.Combine(stack.WorkDirectory, name);
        File.CreateSymbolicLink(path, target);
        return path;
    }
}
