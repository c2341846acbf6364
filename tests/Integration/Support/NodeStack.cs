using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using EsCni.Protocol.V1;
using Grpc.Net.Client;

namespace EsCni.Integration.Support;

/// <summary>
/// One simulated node: a "node" network namespace holding the EC2/IMDS simulator (which hot-plugs ENI links into it)
/// and the real escni-ipamd process, with a fresh journal directory. Tests talk to the daemon over its unix socket and
/// to both HTTP services through sockets created inside the namespace.
/// </summary>
internal sealed class NodeStack : IAsyncDisposable
{
    private const int IntrospectionPort = 61679;
    private const int MetricsPort = 61678;

    private readonly Dictionary<string, string> _daemonEnvironment;
    private ChildProcess? _daemon;

    private NodeStack(NetworkNamespace node, ChildProcess sim, Uri simEndpoint, string workDirectory, Dictionary<string, string> daemonEnvironment)
    {
        Node = node;
        Sim = sim;
        SimEndpoint = simEndpoint;
        WorkDirectory = workDirectory;
        _daemonEnvironment = daemonEnvironment;
        SimAdmin = NetnsSockets.CreateHttpClient(node.Path, simEndpoint);
        Introspection = NetnsSockets.CreateHttpClient(node.Path, new Uri($"http://127.0.0.1:{IntrospectionPort}/"));
        Metrics = NetnsSockets.CreateHttpClient(node.Path, new Uri($"http://127.0.0.1:{MetricsPort}/"));
    }

    public NetworkNamespace Node { get; }

    public ChildProcess Sim { get; }

    public Uri SimEndpoint { get; }

    public string WorkDirectory { get; }

    public string JournalDirectory => Path.Combine(WorkDirectory, "journal");

    public string SocketPath => Path.Combine(WorkDirectory, "run", "ipamd.sock");

    /// <summary>The daemon's default ESCNI_SPOOL_DIR (beside the journal), which the plugin's config names as spoolDir.</summary>
    public string SpoolDirectory => Path.Combine(WorkDirectory, "spool");

    public HttpClient SimAdmin { get; }

    public HttpClient Introspection { get; }

    public HttpClient Metrics { get; }

    public ChildProcess Daemon => _daemon ?? throw new InvalidOperationException("the daemon is not started");

    /// <summary>Starts the node namespace and the simulator (instance type, extra daemon env vars and the subnet's free addresses as given, or a whole Ec2Sim scenario).</summary>
    public static async Task<NodeStack> StartAsync(string instanceType = "m5.large", IReadOnlyDictionary<string, string>? daemonEnvironment = null, int? subnetFreeCapacity = null,
        string? scenarioJson = null)
    {
        NetworkNamespace node = NetworkNamespace.Create("escni-it");
        string work = Directory.CreateTempSubdirectory("escni-it-").FullName;
        try
        {
            string scenario = Path.Combine(work, "scenario.json");
            await File.WriteAllTextAsync(scenario, scenarioJson ?? Scenario(instanceType, subnetFreeCapacity));
            ChildProcess sim = ChildProcess.Start(["ip", "netns", "exec", node.Name, "dotnet", RepoPaths.Ec2SimDll, "--port", "0", "--scenario", scenario, "--node-netns", node.Name]);
            string listening = await sim.WaitForLineAsync(l => l.StartsWith("listening on http://127.0.0.1:", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "Ec2Sim start");
            var endpoint = new Uri(listening["listening on ".Length..].Trim() + "/");
            var environment = new Dictionary<string, string>
            {
                ["AWS_EC2_ENDPOINT"] = endpoint.ToString(),
                ["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = endpoint.ToString(),
                ["ESCNI_JOURNAL_DIR"] = Path.Combine(work, "journal"),
                ["ESCNI_SOCKET"] = Path.Combine(work, "run", "ipamd.sock"),
                ["INTROSPECTION_BIND_ADDRESS"] = $"127.0.0.1:{IntrospectionPort}",
                ["METRICS_BIND_ADDRESS"] = $"127.0.0.1:{MetricsPort}",
                ["ESCNI_POOL_INTERVAL_MS"] = "200",
                ["ESCNI_HOST_RECONCILE_INTERVAL_MS"] = "500",
                ["ESCNI_RECONCILE_INTERVAL_S"] = "5",
                ["IP_COOLDOWN_PERIOD"] = "30",

                // This machine's containerd (the CRI suite's, or none) does not run the pods these tests make up; a
                // test of the runtime GC turns it on with its own socket.
                ["ESCNI_CRI_GC"] = "false",

                // Tests may grow the pool fast and give up fast under an outage; the defaults protect a real account.
                ["ESCNI_EC2_MUTATE_RATE"] = "50",
                ["ESCNI_EC2_MUTATE_BURST"] = "50",
                ["ESCNI_EC2_DESCRIBE_RATE"] = "50",
                ["ESCNI_EC2_DESCRIBE_BURST"] = "50",
                ["ESCNI_EC2_MAX_RETRIES"] = "2",
                ["HTTP_TIMEOUT"] = "3",
            };
            foreach ((string key, string value) in daemonEnvironment ?? new Dictionary<string, string>())
            {
                environment[key] = value;
            }

            return new NodeStack(node, sim, endpoint, work, environment);
        }
        catch
        {
            node.Dispose();
            throw;
        }
    }

    /// <summary>Leaves a variable out of the daemon's environment from its next start on (to test a default).</summary>
    public void UnsetDaemonVariable(string name) => _daemonEnvironment.Remove(name);

    /// <summary>Sets a variable of the daemon's environment from its next start on (e.g. a journal directory on another disk).</summary>
    public void SetDaemonVariable(string name, string value) => _daemonEnvironment[name] = value;

    /// <summary>Starts (or restarts) the daemon and waits for its "ready" log line.</summary>
    public async Task<string> StartDaemonAsync(TimeSpan? timeout = null)
    {
        if (_daemon is { HasExited: false })
        {
            throw new InvalidOperationException("the daemon is already running");
        }

        if (_daemon is not null)
        {
            await _daemon.DisposeAsync();
        }

        _daemon = ChildProcess.Start(["ip", "netns", "exec", Node.Name, RepoPaths.Daemon, "run"], _daemonEnvironment);
        return await _daemon.WaitForLineAsync(l => l.Contains("ready in", StringComparison.Ordinal), timeout ?? TimeSpan.FromSeconds(60), "escni-ipamd ready");
    }

    public GrpcChannel OpenChannel() =>
        GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            },
        });

    /// <summary>GETs an introspection path and parses the JSON.</summary>
    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using HttpResponseMessage response = await Introspection.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Polls until the condition holds over /v1/pool, or fails with the last pool seen.</summary>
    public async Task<JsonElement> WaitForPoolAsync(Func<JsonElement, bool> condition, TimeSpan timeout, string what)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        JsonElement pool = default;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                pool = await GetJsonAsync("/v1/pool");
                if (condition(pool))
                {
                    return pool;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{what}: not reached in {timeout.TotalSeconds} s; last /v1/pool: {pool}\ndaemon output:\n{_daemon?.Output}");
    }

    public async Task SetFaultsAsync(object faults)
    {
        using HttpResponseMessage response = await SimAdmin.PutAsJsonAsync(new Uri("admin/faults", UriKind.Relative), faults);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        if (_daemon is not null)
        {
            await _daemon.DisposeAsync();
        }

        await Sim.TerminateAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        await Sim.DisposeAsync();
        SimAdmin.Dispose();
        Introspection.Dispose();
        Metrics.Dispose();
        Node.Dispose();
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    // The subnet is the default scenario's (see tests/Ec2Sim/scenarios/default.json), written out only to limit its free addresses.
    private static string Scenario(string instanceType, int? subnetFreeCapacity) => subnetFreeCapacity is { } free
        ? string.Create(CultureInfo.InvariantCulture, $$"""
            {
              "subnets": [{ "id": "subnet-0sim000000000001", "cidrBlock": "10.10.0.0/20", "availabilityZone": "us-west-2a", "freeCapacity": {{free}} }],
              "instance": { "instanceType": "{{instanceType}}" }
            }
            """)
        : string.Create(CultureInfo.InvariantCulture, $$"""
            {
              "instance": { "instanceType": "{{instanceType}}" }
            }
            """);
}
