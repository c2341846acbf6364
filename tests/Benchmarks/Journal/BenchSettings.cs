using System;
using System.Globalization;
using System.IO;

namespace EsCni.Benchmarks.Journal;

/// <summary>Command-line settings of the journal benchmark.</summary>
internal sealed record BenchSettings(string Directory, long LargeEvents, int Runs, double Seconds, string? Postgres, int PayloadBytes)
{
    public static BenchSettings Parse(string[] args)
    {
        var s = new BenchSettings(
            Path.Combine("/var/tmp", $"escni-jbench-{Environment.ProcessId}"),
            10_000_000,
            3,
            3.0,
            Environment.GetEnvironmentVariable("ESCNI_TEST_POSTGRES"),
            120);
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : string.Empty;
            s = args[i] switch
            {
                "--dir" => s with { Directory = value },
                "--large" => s with { LargeEvents = long.Parse(value, CultureInfo.InvariantCulture) },
                "--runs" => s with { Runs = int.Parse(value, CultureInfo.InvariantCulture) },
                "--seconds" => s with { Seconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--postgres" => s with { Postgres = value },
                "--payload" => s with { PayloadBytes = int.Parse(value, CultureInfo.InvariantCulture) },
                "--no-marten" => s with { Postgres = null },
                _ => throw new ArgumentException($"unknown argument '{args[i]}'"),
            };
            if (args[i] != "--no-marten")
            {
                i++;
            }
        }

        return s;
    }
}
