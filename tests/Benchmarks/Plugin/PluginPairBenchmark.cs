using System.Globalization;

namespace EsCni.Benchmarks.Plugin;

/// <summary>
/// Two CNI plugins measured interleaved (issue 19's benchmark smoke, bench/plugin-smoke.sh): pod i of one, then pod i
/// of the other, alternating which goes first, for ADD and then for DEL — so both see the same load on a shared,
/// noisy machine and only their ratio is quoted. Prints the medians and the ratios as <c>key=value</c> lines.
/// </summary>
internal static class PluginPairBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        int pods = int.Parse(PluginExecBenchmark.Arg(args, "--pods") ?? "40", CultureInfo.InvariantCulture);
        Side escni = Side.From(args, "--binary", "--config", "--cni-path");
        Side other = Side.From(args, "--against", "--against-config", "--against-cni-path");
        string prefix = $"bpp{Environment.ProcessId % 10000}";
        for (int i = 0; i < pods; i++)
        {
            PluginExecBenchmark.Run("ip", "netns", "add", $"{prefix}-a{i}");
            PluginExecBenchmark.Run("ip", "netns", "add", $"{prefix}-b{i}");
        }

        try
        {
            (double[] escniAdd, double[] otherAdd) = Interleave(pods, i => escni.Exec("ADD", $"{prefix}-a{i}"), i => other.Exec("ADD", $"{prefix}-b{i}"));
            (double[] escniDel, double[] otherDel) = Interleave(pods, i => escni.Exec("DEL", $"{prefix}-a{i}"), i => other.Exec("DEL", $"{prefix}-b{i}"));
            double addA = PluginExecBenchmark.Percentile(escniAdd, 50), addB = PluginExecBenchmark.Percentile(otherAdd, 50);
            double delA = PluginExecBenchmark.Percentile(escniDel, 50), delB = PluginExecBenchmark.Percentile(otherDel, 50);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pods={pods}\nadd_p50_ms={addA:F2}\nadd_p50_against_ms={addB:F2}\nadd_ratio={addA / addB:F3}\n"
                + $"del_p50_ms={delA:F2}\ndel_p50_against_ms={delB:F2}\ndel_ratio={delA / delB:F3}"));
            return Task.FromResult(0);
        }
        finally
        {
            for (int i = 0; i < pods; i++)
            {
                PluginExecBenchmark.Run("ip", "netns", "del", $"{prefix}-a{i}");
                PluginExecBenchmark.Run("ip", "netns", "del", $"{prefix}-b{i}");
            }
        }
    }

    // Even pods run A first, odd pods B first: neither always inherits the other's warm caches or its leftover work.
    private static (double[] A, double[] B) Interleave(int pods, Func<int, double> a, Func<int, double> b)
    {
        double[] timesA = new double[pods], timesB = new double[pods];
        for (int i = 0; i < pods; i++)
        {
            if (i % 2 == 0)
            {
                timesA[i] = a(i);
                timesB[i] = b(i);
            }
            else
            {
                timesB[i] = b(i);
                timesA[i] = a(i);
            }
        }

        return (timesA, timesB);
    }

    private sealed record Side(string Binary, string Config, string CniPath)
    {
        public static Side From(string[] args, string binary, string config, string cniPath)
        {
            string path = PluginExecBenchmark.Arg(args, binary) ?? throw new ArgumentException($"{binary} PATH is required");
            string file = PluginExecBenchmark.Arg(args, config) ?? throw new ArgumentException($"{config} FILE is required");
            return new Side(path, File.ReadAllText(file), PluginExecBenchmark.Arg(args, cniPath) ?? Path.GetDirectoryName(path)!);
        }

        public double Exec(string command, string netns) => PluginExecBenchmark.Exec(Binary, command, Config, netns, CniPath);
    }
}
