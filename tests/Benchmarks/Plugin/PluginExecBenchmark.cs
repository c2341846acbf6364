using System.Diagnostics;
using System.Globalization;

namespace EsCni.Benchmarks.Plugin;

/// <summary>
/// End-to-end CNI latency: exec of a plugin binary to its exit, for ADD then DEL of N pods, sequentially or P at a
/// time — exactly what a container runtime pays. Run it inside the node namespace (`ip netns exec NODE dotnet ...`) so
/// the plugin's host namespace is the node and no `ip netns exec` cost is measured. Pod namespaces are created and
/// deleted outside the timed region.
/// </summary>
internal static class PluginExecBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string name = Arg(args, "--name") ?? "plugin";
        string binary = Arg(args, "--binary") ?? throw new ArgumentException("--binary PATH is required");
        string config = File.ReadAllText(Arg(args, "--config") ?? throw new ArgumentException("--config FILE is required"));
        int pods = int.Parse(Arg(args, "--pods") ?? "200", CultureInfo.InvariantCulture);
        int parallel = int.Parse(Arg(args, "--parallel") ?? "1", CultureInfo.InvariantCulture);
        string cniPath = Arg(args, "--cni-path") ?? Path.GetDirectoryName(binary)!;
        string prefix = $"bp{Environment.ProcessId % 10000}-{name[..Math.Min(3, name.Length)]}";

        for (int i = 0; i < pods; i++)
        {
            Run("ip", "netns", "add", $"{prefix}-{i}");
        }

        try
        {
            double[] adds = await TimeAllAsync(pods, parallel, i => Exec(binary, "ADD", config, $"{prefix}-{i}", cniPath));
            double[] dels = await TimeAllAsync(pods, parallel, i => Exec(binary, "DEL", config, $"{prefix}-{i}", cniPath));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {pods} | {parallel} | {Percentile(adds, 50):F2} | {Percentile(adds, 99):F2} | {Percentile(dels, 50):F2} | {Percentile(dels, 99):F2} |"));
            return 0;
        }
        finally
        {
            for (int i = 0; i < pods; i++)
            {
                Run("ip", "netns", "del", $"{prefix}-{i}");
            }
        }
    }

    private static async Task<double[]> TimeAllAsync(int pods, int parallel, Func<int, double> one)
    {
        var times = new double[pods];
        int next = -1;
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(() =>
        {
            for (int i = Interlocked.Increment(ref next); i < pods; i = Interlocked.Increment(ref next))
            {
                times[i] = one(i);
            }
        })));
        return times;
    }

    /// <summary>Execs <paramref name="binary"/> for one CNI command on pod namespace <paramref name="netns"/>; returns exec-to-exit ms.</summary>
    internal static double Exec(string binary, string command, string config, string netns, string cniPath)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["CNI_COMMAND"] = command;
        start.Environment["CNI_CONTAINERID"] = "ctr-" + netns;
        start.Environment["CNI_NETNS"] = "/var/run/netns/" + netns;
        start.Environment["CNI_IFNAME"] = "eth0";
        start.Environment["CNI_PATH"] = cniPath;
        start.Environment["CNI_ARGS"] = $"IgnoreUnknown=1;K8S_POD_NAMESPACE=bench;K8S_POD_NAME={netns}";
        long t0 = Stopwatch.GetTimestamp();
        using Process process = Process.Start(start)!;
        process.StandardInput.Write(config);
        process.StandardInput.Close();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{binary} {command} for {netns} exited {process.ExitCode}: {stdout} {process.StandardError.ReadToEnd()}");
        }

        return ms;
    }

    internal static void Run(params string[] command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardError = true };
        foreach (string a in command.Skip(1))
        {
            start.ArgumentList.Add(a);
        }

        using Process p = Process.Start(start)!;
        p.WaitForExit();
    }

    internal static double Percentile(double[] values, int p)
    {
        double[] sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1)];
    }

    internal static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
