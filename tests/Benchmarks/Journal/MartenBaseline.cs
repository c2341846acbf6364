using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using JasperFx;
using JasperFx.Events;
using Marten;

namespace EsCni.Benchmarks.Journal;

/// <summary>The same durable appends through Marten 9 to PostgreSQL (fsync=on): one event per commit, and batched.</summary>
internal static class MartenBaseline
{
    public static async Task RunAsync(BenchSettings settings, BenchReport report)
    {
        string payload = Convert.ToBase64String(new byte[settings.PayloadBytes * 3 / 4]); // ~PayloadBytes characters of JSON string
        using DocumentStore store = DocumentStore.For(options =>
        {
            options.Connection(settings.Postgres! + ";Maximum Pool Size=128");
            options.DatabaseSchemaName = "escni_bench";
            options.AutoCreateSchemaObjects = AutoCreate.All;
            options.Events.StreamIdentity = StreamIdentity.AsString;
            options.Events.AppendMode = EventAppendMode.Quick;
            options.Events.EnableUniqueIndexOnEventId = true; // as the shipper pins it (reference/journal.md §6.6)
        });
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        string run = Guid.NewGuid().ToString("N")[..8];

        async Task<int> AppendAsync(int appender, int count)
        {
            await using IDocumentSession session = store.LightweightSession();
            var events = new object[count];
            for (int i = 0; i < count; i++)
            {
                events[i] = new BenchEvent(Guid.NewGuid(), payload);
            }

            session.Events.Append($"bench-{run}-{appender}", events);
            await session.SaveChangesAsync();
            return count;
        }

        await Measure.LatenciesAsync(100, _ => AppendAsync(999, 1)); // warm-up: schema, pool, JIT
        var p50 = new List<double>();
        var p99 = new List<double>();
        for (int r = 0; r < settings.Runs; r++)
        {
            List<double> latencies = await Measure.LatenciesAsync(500, _ => AppendAsync(998, 1));
            p50.Add(Measure.Percentile(latencies, 0.50));
            p99.Add(Measure.Percentile(latencies, 0.99));
        }

        report.Add("marten", "durable append latency, 1 appender, p50", Measure.Median(p50), "ms");
        report.Add("marten", "durable append latency, 1 appender, p99", Measure.Median(p99), "ms");
        foreach (int appenders in new[] { 1, 8, 64 })
        {
            var rates = new List<double>();
            for (int r = 0; r < settings.Runs; r++)
            {
                rates.Add(await Measure.ThroughputAsync(appenders, settings.Seconds, (a, _) => AppendAsync(a, 1)));
            }

            report.Add("marten", $"durable throughput, {appenders} appenders, 1 event/commit", Measure.Median(rates), "events/s");
        }

        foreach (int appenders in new[] { 1, 8 })
        {
            var rates = new List<double>();
            for (int r = 0; r < settings.Runs; r++)
            {
                rates.Add(await Measure.ThroughputAsync(appenders, settings.Seconds, (a, _) => AppendAsync(100 + a, 100)));
            }

            report.Add("marten", $"durable throughput, {appenders} appender(s), 100 events/commit", Measure.Median(rates), "events/s");
        }
    }

    /// <summary>The event appended: an id and a payload of about the journal benchmark's size.</summary>
    public sealed record BenchEvent(Guid Id, string Payload);
}
