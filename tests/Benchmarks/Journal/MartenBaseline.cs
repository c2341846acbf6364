using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using JasperFx;
using JasperFx.Events;
using Marten;

namespace EsCni.Benchmarks.Journal;

/// <summary>The same durable appends through Marten 9 to PostgreSQL (fsync=on): one event per commit, and 500 per commit as the shipper writes.</summary>
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

        // As the shipper writes (NodeStreamShipper): 500 events per commit into one stream per node, each commit with
        // the expected stream version and the events' own ids; 8 appenders = 8 nodes shipping at once.
        foreach (int appenders in new[] { 1, 8 })
        {
            var rates = new List<double>();
            for (int r = 0; r < settings.Runs; r++)
            {
                long[] versions = new long[appenders];
                rates.Add(await Measure.ThroughputAsync(appenders, settings.Seconds, (a, _) => ShipBatchAsync(store, $"ship-{run}-{appenders}-{r}-{a}", payload, ref versions[a])));
            }

            report.Add("marten", $"durable throughput, {appenders} appender(s), {ShipperBatch} events/commit", Measure.Median(rates), "events/s");
        }
    }

    /// <summary>Events per commit of the shipper (<c>ClusterDocumentStore.MaxBatchEvents</c>).</summary>
    public const int ShipperBatch = 500;

    private static Task<int> ShipBatchAsync(DocumentStore store, string stream, string payload, ref long version)
    {
        long from = version;
        version += ShipperBatch;
        return CommitAsync(store, stream, payload, from, version);
    }

    private static async Task<int> CommitAsync(DocumentStore store, string stream, string payload, long from, long to)
    {
        await using IDocumentSession session = store.LightweightSession();
        var events = new object[to - from];
        for (int i = 0; i < events.Length; i++)
        {
            IEvent e = session.Events.BuildEvent(new BenchEvent(Guid.NewGuid(), payload));
            e.Id = Guid.NewGuid();
            events[i] = e;
        }

        if (from == 0)
        {
            session.Events.StartStream(stream, events);
        }
        else
        {
            session.Events.Append(stream, to, events); // the version after the append, as the shipper passes it
        }

        await session.SaveChangesAsync();
        return events.Length;
    }

    /// <summary>The event appended: an id and a payload of about the journal benchmark's size.</summary>
    public sealed record BenchEvent(Guid Id, string Payload);
}
