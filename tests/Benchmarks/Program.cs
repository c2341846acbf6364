using System;
using System.Threading.Tasks;
using EsCni.Benchmarks.Daemon;
using EsCni.Benchmarks.Journal;
using EsCni.Benchmarks.Plugin;

namespace EsCni.Benchmarks;

/// <summary>Entry point of the benchmarks: <c>dotnet run -c Release --project tests/Benchmarks -- &lt;area&gt; [options]</c>.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "journal")
        {
            return await JournalBenchmark.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == "codec")
        {
            return await CodecBenchmark.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == "daemon-load")
        {
            return await CniLoad.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == "pod-fill")
        {
            return await PodFill.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == "plugin-exec")
        {
            return await PluginExecBenchmark.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == "plugin-pair")
        {
            return await PluginPairBenchmark.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == "daemon-journal")
        {
            return await JournalFixture.RunAsync(args[1..]);
        }

        Console.Error.WriteLine("usage: EsCni.Benchmarks daemon-load --socket PATH [--seconds S] [--clients 1,32] | daemon-journal --dir DIR [--events N] [--snapshot]");
        Console.Error.WriteLine("usage: EsCni.Benchmarks pod-fill --socket PATH [--pods 100] [--label NAME]   (ADD latency until success on a fresh node)");
        Console.Error.WriteLine("usage: EsCni.Benchmarks plugin-exec --binary B --config F [--pods 200] [--parallel 1] | plugin-pair --binary B --config F --against B2 --against-config F2 [--against-cni-path D] [--pods 40]");
        Console.Error.WriteLine("usage: EsCni.Benchmarks codec [--events N] [--runs N] [--dir DIR]   (0.1 positional vs 0.2 protobuf codec)");
        Console.Error.WriteLine("usage: EsCni.Benchmarks journal [--dir DIR] [--large N] [--runs N] [--seconds S] [--postgres CONNSTR|--no-marten]");
        return 2;
    }
}
