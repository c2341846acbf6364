using System.Diagnostics;
using EsCni.ClusterStore.Shipping;
using EsCni.Journal;
using EsCni.ClusterStore;
using Marten;

namespace EsCni.Bench.Shipping;

/// <summary>One node: ship a large journal from scratch, then measure append→shipped lag under a steady ADD/DEL rate.</summary>
internal static class ThroughputBench
{
    public static async Task<int> RunAsync(string admin, string root, int events, int lagSeconds, int rate)
    {
        await using BenchDatabase db = await BenchDatabase.CreateAsync(admin);
        BenchNode node = await BenchNode.CreateAsync(root, 0, events + (lagSeconds * rate) + 10, new JournalOptions());
        await using (node)
        {
            var sw = Stopwatch.StartNew();
            await node.AppendBacklogAsync(events, batch: 1_000);
            Console.Error.WriteLine($"journal of {events:N0} events written in {sw.Elapsed.TotalSeconds:F1} s");

            sw.Restart();
            node.StartShipping(db.ConnectionString, new ShippingOptions());
            while (!node.CaughtUp)
            {
                await Task.Delay(50);
            }

            double seconds = sw.Elapsed.TotalSeconds;
            Console.WriteLine("| system | measurement | value | unit |");
            Console.WriteLine("|---|---|---:|---|");
            Stats.Row("shipper", $"ship a {events:N0}-event journal from scratch (500 events/commit)", events / seconds, "events/s");
            Stats.Row("shipper", $"time to ship {events:N0} events", seconds, "s", "F1");

            // Steady load: one event per append (each an fdatasync, as CNI ADD/DEL are), `rate` per second.
            var lags = new List<double>();
            var load = Task.Run(async () =>
            {
                var pace = Stopwatch.StartNew();
                for (long i = 0; i < (long)lagSeconds * rate; i++)
                {
                    await node.AppendOneAsync();
                    TimeSpan due = TimeSpan.FromSeconds((double)(i + 1) / rate);
                    if (due > pace.Elapsed)
                    {
                        await Task.Delay(due - pace.Elapsed);
                    }
                }
            });
            while (!load.IsCompleted || !node.CaughtUp)
            {
                node.CollectLags(lags, Stopwatch.GetTimestamp());
                await Task.Delay(2);
            }

            await load;
            node.CollectLags(lags, Stopwatch.GetTimestamp());
            Stats.Row("shipper", $"lag durable→in PostgreSQL at {rate} ADD/DEL events/s, p50 (poll 250 ms)", Stats.Percentile(lags, 50), "ms", "F0");
            Stats.Row("shipper", $"lag durable→in PostgreSQL at {rate} ADD/DEL events/s, p99", Stats.Percentile(lags, 99), "ms", "F0");
            Stats.Row("postgres", $"database size after {events:N0} events (before projections)", await db.SizeBytesAsync() / 1048576.0, "MiB", "F0");

            // The central projection over the whole stream (20 pool IPs, each reused ~25,000 times: the worst case for per-IP documents).
            using DocumentStore central = ClusterDocumentStore.Open(db.ConnectionString, ClusterStoreRole.Central);
            using var daemon = await central.BuildProjectionDaemonAsync();
            sw.Restart();
            await daemon.StartAllAsync();
            await daemon.WaitForNonStaleData(TimeSpan.FromMinutes(30));
            double projectSeconds = sw.Elapsed.TotalSeconds;
            await daemon.StopAllAsync();
            long total = node.Journal.LastLsn;
            Stats.Row("projection", $"cluster projection over {total:N0} events of one node (async daemon)", total / projectSeconds, "events/s");
            Stats.Row("postgres", "database size with projections", await db.SizeBytesAsync() / 1048576.0, "MiB", "F0");
        }

        return 0;
    }
}
