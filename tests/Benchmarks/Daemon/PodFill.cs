using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using EsCni.Protocol.V1;
using Grpc.Core;

namespace EsCni.Benchmarks.Daemon;

/// <summary>
/// N pods started one after another on a fresh node, as a deployment scaling up: each AddNetwork is retried (every
/// 20 ms, as a runtime would retry sooner or later) until the warm pool has an address for it (or, right after start, the node is recorded). Latency is until
/// success, so it includes waiting for EC2 when the pool runs dry; compares prefix delegation with secondary IPs.
/// </summary>
internal static class PodFill
{
    public static async Task<int> RunAsync(string[] args)
    {
        string socket = CniLoad.Arg(args, "--socket") ?? throw new ArgumentException("--socket PATH is required (the daemon's ESCNI_SOCKET)");
        int pods = int.Parse(CniLoad.Arg(args, "--pods") ?? "100", CultureInfo.InvariantCulture);
        string label = CniLoad.Arg(args, "--label") ?? "run";
        string version = typeof(PodFill).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        using var channel = CniLoad.Open(socket);
        var client = new CniBackend.CniBackendClient(channel);
        var latencies = new List<double>(pods);
        int retries = 0;
        long begin = Stopwatch.GetTimestamp();
        for (int i = 0; i < pods; i++)
        {
            long started = Stopwatch.GetTimestamp();
            while (true)
            {
                try
                {
                    await client.AddNetworkAsync(new AddNetworkRequest
                    {
                        ClientVersion = version,
                        ContainerId = string.Create(CultureInfo.InvariantCulture, $"fill-{label}-{i}"),
                        IfName = "eth0",
                        NetworkName = "escni",
                        Netns = "/var/run/netns/fill",
                        K8SPodName = string.Create(CultureInfo.InvariantCulture, $"pod-{i}"),
                        K8SPodNamespace = "default",
                        RequestId = Guid.NewGuid().ToString("N"),
                    });
                    break;
                }
                catch (RpcException ex) when (ex.StatusCode is StatusCode.ResourceExhausted or StatusCode.Unavailable)
                {
                    retries++;
                    await Task.Delay(20);
                }
            }

            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        double total = Stopwatch.GetElapsedTime(begin).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {pods} | {CniLoad.Percentile(latencies, 50):F2} | {CniLoad.Percentile(latencies, 99):F1} | {latencies.Max():F1} | {retries} | {total:F1} |"));
        return 0;
    }
}
