using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace EsCni.Benchmarks.Journal;

/// <summary>Timing helpers shared by the journal and Marten measurements.</summary>
internal static class Measure
{
    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        double[] sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    }

    /// <summary>Per-operation latencies in ms of <paramref name="count"/> sequential calls.</summary>
    public static async Task<List<double>> LatenciesAsync(int count, Func<int, Task> operation)
    {
        var latencies = new List<double>(count);
        for (int i = 0; i < count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            await operation(i);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return latencies;
    }

    /// <summary>Events per second when <paramref name="appenders"/> loops call <paramref name="operation"/> (returning events written) for a while.</summary>
    public static async Task<double> ThroughputAsync(int appenders, double seconds, Func<int, long, Task<int>> operation)
    {
        long events = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        long start = Stopwatch.GetTimestamp();
        Task[] loops = Enumerable.Range(0, appenders).Select(a => Task.Run(async () =>
        {
            long n = 0;
            while (!stop.IsCancellationRequested)
            {
                n += await operation(a, n);
            }

            Interlocked.Add(ref events, n);
        })).ToArray();
        await Task.WhenAll(loops);
        return events / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
