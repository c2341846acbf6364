using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Reflection;
using EsCni.Protocol.V1;
using Grpc.Net.Client;

namespace EsCni.Benchmarks.Daemon;

/// <summary>
/// AddNetwork+DelNetwork pairs against a running daemon over its unix socket, from N concurrent clients, for a fixed
/// time: p50/p99 of each call and pairs per second. Each client reuses its own key, as a pod churning would.
/// </summary>
internal static class CniLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        string socket = Arg(args, "--socket") ?? throw new ArgumentException("--socket PATH is required (the daemon's ESCNI_SOCKET)");
        double seconds = double.Parse(Arg(args, "--seconds") ?? "10", CultureInfo.InvariantCulture);
        int[] clientCounts = (Arg(args, "--clients") ?? "1,32").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        string version = typeof(CniLoad).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        Console.WriteLine("| clients | pairs | pairs/s | ADD p50 ms | ADD p99 ms | DEL p50 ms | DEL p99 ms |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (int clients in clientCounts)
        {
            using GrpcChannel channel = Open(socket);
            var client = new CniBackend.CniBackendClient(channel);
            await RunClientsAsync(client, version, clients, TimeSpan.FromSeconds(1), "warmup"); // JIT, connections
            (List<double> adds, List<double> dels, double elapsed) = await RunClientsAsync(client, version, clients, TimeSpan.FromSeconds(seconds), "run");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {clients} | {adds.Count} | {adds.Count / elapsed:F0} | {Percentile(adds, 50):F3} | {Percentile(adds, 99):F3} | {Percentile(dels, 50):F3} | {Percentile(dels, 99):F3} |"));
        }

        return 0;
    }

    private static async Task<(List<double> Adds, List<double> Dels, double Elapsed)> RunClientsAsync(CniBackend.CniBackendClient client, string version, int clients, TimeSpan duration, string tag)
    {
        var adds = new List<double>[clients];
        var dels = new List<double>[clients];
        long started = Stopwatch.GetTimestamp();
        long deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            adds[c] = new List<double>(100_000);
            dels[c] = new List<double>(100_000);
            string containerId = $"bench-{tag}-{c}";
            while (Stopwatch.GetTimestamp() < deadline)
            {
                long t0 = Stopwatch.GetTimestamp();
                await client.AddNetworkAsync(new AddNetworkRequest
                {
                    ClientVersion = version, ContainerId = containerId, IfName = "eth0", NetworkName = "escni",
                    Netns = "/var/run/netns/" + containerId, K8SPodName = containerId, K8SPodNamespace = "bench",
                });
                long t1 = Stopwatch.GetTimestamp();
                await client.DelNetworkAsync(new DelNetworkRequest
                {
                    ClientVersion = version, ContainerId = containerId, IfName = "eth0", NetworkName = "escni", Reason = "PodDeleted",
                });
                long t2 = Stopwatch.GetTimestamp();
                adds[c].Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
                dels[c].Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
            }
        }));
        double elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return (adds.SelectMany(a => a).ToList(), dels.SelectMany(d => d).ToList(), elapsed);
    }

    internal static GrpcChannel Open(string socketPath) =>
        GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, ct) =>
                {
                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            },
        });

    internal static double Percentile(List<double> values, int p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        return values[Math.Min(values.Count - 1, (int)Math.Ceiling(p / 100.0 * values.Count) - 1)];
    }

    internal static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
