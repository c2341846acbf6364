using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using EsCni.Journal;
using JournalLog = EsCni.Journal.Journal;

namespace EsCni.Benchmarks.Journal;

/// <summary>Durable append latency/throughput, recovery and full read of the journal, and the same appends through Marten.</summary>
internal static class JournalBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        BenchSettings settings = BenchSettings.Parse(args);
        var report = new BenchReport();
        Console.WriteLine($"journal benchmark: dir {settings.Directory}, payload {settings.PayloadBytes} B, {settings.Runs} runs (medians), "
            + $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        Directory.CreateDirectory(settings.Directory);
        try
        {
            await AppendsAsync(settings, report);
            await RecoveryAndReadAsync(settings, 1_000_000, report);
            if (settings.LargeEvents > 0)
            {
                await RecoveryAndReadAsync(settings, settings.LargeEvents, report);
            }

            if (settings.Postgres is not null)
            {
                await MartenBaseline.RunAsync(settings, report);
                report.Ratio("durable throughput, 64 appenders, 1 event/append", "durable throughput, 64 appenders, 1 event/commit");
                report.Ratio("durable throughput, 1 appenders, 1 event/append", "durable throughput, 1 appenders, 1 event/commit");
                report.Ratio($"durable throughput, 1 appender, {MartenBaseline.ShipperBatch} events/append", $"durable throughput, 1 appender(s), {MartenBaseline.ShipperBatch} events/commit");
                report.Ratio("durable append latency, 1 appender, p50", "durable append latency, 1 appender, p50");
            }
            else
            {
                Console.WriteLine("(no PostgreSQL: pass --postgres or set ESCNI_TEST_POSTGRES for the Marten baseline)");
            }
        }
        finally
        {
            Directory.Delete(settings.Directory, recursive: true);
        }

        report.Print();
        return 0;
    }

    private static byte[] Payload(int bytes)
    {
        byte[] payload = new byte[bytes];
        new Random(1).NextBytes(payload);
        return payload;
    }

    private static async Task AppendsAsync(BenchSettings settings, BenchReport report)
    {
        byte[] payload = Payload(settings.PayloadBytes);
        string dir = Path.Combine(settings.Directory, "appends");
        await using JournalLog journal = await JournalLog.OpenAsync(dir, new JournalOptions(), default);
        JournalEntry[] One() => [new JournalEntry(Guid.NewGuid(), 1, 0, payload)];
        await Measure.LatenciesAsync(200, _ => journal.AppendAsync(One(), default).AsTask()); // warm-up

        var p50 = new List<double>();
        var p99 = new List<double>();
        for (int run = 0; run < settings.Runs; run++)
        {
            List<double> latencies = await Measure.LatenciesAsync(2000, _ => journal.AppendAsync(One(), default).AsTask());
            p50.Add(Measure.Percentile(latencies, 0.50));
            p99.Add(Measure.Percentile(latencies, 0.99));
        }

        report.Add("journal", "durable append latency, 1 appender, p50", Measure.Median(p50), "ms");
        report.Add("journal", "durable append latency, 1 appender, p99", Measure.Median(p99), "ms");

        foreach (int appenders in new[] { 1, 8, 64 })
        {
            var rates = new List<double>();
            for (int run = 0; run < settings.Runs; run++)
            {
                rates.Add(await Measure.ThroughputAsync(appenders, settings.Seconds, async (_, _) =>
                {
                    await journal.AppendAsync(One(), default);
                    return 1;
                }));
            }

            report.Add("journal", $"durable throughput, {appenders} appenders, 1 event/append", Measure.Median(rates), "events/s");
        }

        var batched = new List<double>();
        for (int run = 0; run < settings.Runs; run++)
        {
            batched.Add(await Measure.ThroughputAsync(1, settings.Seconds, async (_, _) =>
            {
                var batch = new JournalEntry[MartenBaseline.ShipperBatch];
                for (int i = 0; i < batch.Length; i++)
                {
                    batch[i] = new JournalEntry(Guid.NewGuid(), 1, 0, payload);
                }

                await journal.AppendAsync(batch, default);
                return batch.Length;
            }));
        }

        report.Add("journal", $"durable throughput, 1 appender, {MartenBaseline.ShipperBatch} events/append", Measure.Median(batched), "events/s");
    }

    private static async Task RecoveryAndReadAsync(BenchSettings settings, long events, BenchReport report)
    {
        byte[] payload = Payload(settings.PayloadBytes);
        string dir = Path.Combine(settings.Directory, $"read-{events}");
        string label = events >= 1_000_000 ? $"{events / 1_000_000}M" : events.ToString(System.Globalization.CultureInfo.InvariantCulture);
        long start = Stopwatch.GetTimestamp();
        await using (JournalLog journal = await JournalLog.OpenAsync(dir, new JournalOptions(), default))
        {
            const int BatchSize = 2000; // 2000 × 168 B ≈ 336 KiB per write, well under MaxBatchBytes
            var batch = new JournalEntry[BatchSize];
            for (long written = 0; written < events; written += BatchSize)
            {
                int n = (int)Math.Min(BatchSize, events - written);
                for (int i = 0; i < n; i++)
                {
                    batch[i] = new JournalEntry(Guid.NewGuid(), 1, 1_700_000_000_000_000 + written + i, payload);
                }

                await journal.AppendAsync(n == BatchSize ? batch : batch[..n], default);
            }

            // As the daemon would: a snapshot near the end bounds the idempotency index recovery rebuilds.
            await journal.WriteSnapshotAsync(journal.LastLsn, new byte[200_000], default);
        }

        Console.WriteLine($"  wrote {label} events in {Stopwatch.GetElapsedTime(start).TotalSeconds:F1} s");
        var recovery = new List<double>();
        var readAll = new List<double>();
        var readEnumerated = new List<double>();
        for (int run = 0; run < settings.Runs; run++)
        {
            await using JournalLog journal = await JournalLog.OpenAsync(dir, new JournalOptions(), default);
            recovery.Add(journal.Recovery.Duration.TotalMilliseconds);
            long checksum = 0;
            long t = Stopwatch.GetTimestamp();
            long count = journal.ReadAll(0, r => checksum += r.Payload.Length);
            readAll.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            Check(count, events, checksum, settings.PayloadBytes);
            t = Stopwatch.GetTimestamp();
            count = 0;
            checksum = 0;
            foreach (JournalRecord r in journal.Read(0))
            {
                count++;
                checksum += r.Payload.Length;
            }

            readEnumerated.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            Check(count, events, checksum, settings.PayloadBytes);
        }

        report.Add("journal", $"recovery (open + verify every frame), {label} events", Measure.Median(recovery), "ms");
        report.Add("journal", $"full read, ReadAll fast path, {label} events", Measure.Median(readAll), "ms");
        report.Add("journal", $"full read, Read (enumerated), {label} events", Measure.Median(readEnumerated), "ms");
        Directory.Delete(dir, recursive: true);
    }

    private static void Check(long count, long expected, long checksum, int payloadBytes)
    {
        if (count != expected || checksum != expected * payloadBytes)
        {
            throw new InvalidOperationException($"read back {count} events ({checksum} payload bytes), expected {expected}");
        }
    }
}
