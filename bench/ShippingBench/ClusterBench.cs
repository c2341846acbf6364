using System.Diagnostics;
using EsCni.Domain.Net;
using EsCni.ClusterStore.Shipping;
using EsCni.Journal;
using EsCni.ClusterStore;
using Marten;

namespace EsCni.Bench.Shipping;

/// <summary>
/// A large cluster on one machine: N node shippers in one process (each its own journal, churn, store and
/// connection) into one PostgreSQL, with the central projection running: ingest rate, connections, projection
/// lag, ship lag under steady churn, and who-had latency on the resulting store.
/// </summary>
internal static class ClusterBench
{
    public static async Task<int> RunAsync(string admin, string root, int nodes, int backlog, int churnSeconds, int rate, int lookups)
    {
        await using BenchDatabase db = await BenchDatabase.CreateAsync(admin);
        var options = new JournalOptions { MaxBatchBytes = 256 * 1024, SegmentBytes = 1L << 20 }; // small files: N journals on one disk
        var all = new List<BenchNode>(nodes);
        try
        {
            for (int i = 0; i < nodes; i++)
            {
                BenchNode node = await BenchNode.CreateAsync(root, i, backlog + (churnSeconds * rate) + 10, options);
                all.Add(node);
                await node.AppendBacklogAsync(backlog, batch: 250);
            }

            using DocumentStore central = ClusterDocumentStore.Open(db.ConnectionString, ClusterStoreRole.Central);
            using var daemon = await central.BuildProjectionDaemonAsync();
            await daemon.StartAllAsync();

            // 1. Ingest: every node starts with a backlog and ships at once (a cluster-wide restart after an outage).
            var sw = Stopwatch.StartNew();
            long maxConnections = 0;
            foreach (BenchNode node in all)
            {
                node.StartShipping(db.ConnectionString, new ShippingOptions());
            }

            while (!all.TrueForAll(n => n.CaughtUp))
            {
                maxConnections = Math.Max(maxConnections, await db.ConnectionCountAsync());
                await Task.Delay(200);
            }

            double ingestSeconds = sw.Elapsed.TotalSeconds;
            long total = (long)nodes * backlog;
            var projectionLag = new List<double>();
            (long hw, long projected) = await ClusterQueries.ProjectionLagAsync(central, CancellationToken.None);
            long lagAfterIngest = hw - projected;
            sw.Restart();
            await daemon.WaitForNonStaleData(TimeSpan.FromMinutes(10));
            double projectionCatchUp = sw.Elapsed.TotalSeconds;

            // 2. Steady churn: every node does `rate` ADD/DEL per second for churnSeconds.
            var shipLags = new List<double>();
            using var stop = new CancellationTokenSource();
            Task[] writers = all.Select(n => Task.Run(async () =>
            {
                var pace = Stopwatch.StartNew();
                await Task.Delay(Random.Shared.Next(1000 / rate)); // spread the nodes over the second
                for (int i = 0; i < churnSeconds * rate; i++)
                {
                    await n.AppendOneAsync();
                    TimeSpan due = TimeSpan.FromSeconds((double)(i + 1) / rate);
                    if (due > pace.Elapsed)
                    {
                        await Task.Delay(due - pace.Elapsed);
                    }
                }
            })).ToArray();
            Task written = Task.WhenAll(writers);
            long lastSample = 0;
            while (!written.IsCompleted || !all.TrueForAll(n => n.CaughtUp))
            {
                long now = Stopwatch.GetTimestamp();
                foreach (BenchNode n in all)
                {
                    n.CollectLags(shipLags, now);
                }

                if (Stopwatch.GetElapsedTime(lastSample).TotalSeconds >= 1)
                {
                    lastSample = Stopwatch.GetTimestamp();
                    (hw, projected) = await ClusterQueries.ProjectionLagAsync(central, CancellationToken.None);
                    projectionLag.Add(hw - projected);
                    maxConnections = Math.Max(maxConnections, await db.ConnectionCountAsync());
                }

                await Task.Delay(5);
            }

            await written;
            await daemon.WaitForNonStaleData(TimeSpan.FromMinutes(5));
            await daemon.StopAllAsync();

            // 3. who-had on the resulting store: random pool IPs of random nodes, one query each (as the CLI asks).
            var whoHad = new List<double>();
            for (int i = 0; i < lookups; i++)
            {
                BenchNode n = all[Random.Shared.Next(all.Count)];
                var ip = new Ipv4Address(Ipv4Address.Parse(n.FirstIp).Value + (uint)Random.Shared.Next(20));
                var q = Stopwatch.StartNew();
                await using (IQuerySession query = central.QuerySession())
                {
                    IReadOnlyList<ClusterOwnershipInterval> owners = await ClusterQueries.WhoHadAsync(query, ip, at: null, CancellationToken.None);
                    if (owners.Count == 0 || owners[0].Node != n.Name)
                    {
                        throw new InvalidOperationException($"who-had {ip} found {owners.Count} owners, expected node {n.Name}");
                    }
                }

                whoHad.Add(q.Elapsed.TotalMilliseconds);
            }

            long events = await db.ScalarAsync<long>("select count(*) from escni.mt_events", inBenchDatabase: true);
            Console.WriteLine("| system | measurement | value | unit |");
            Console.WriteLine("|---|---|---:|---|");
            Stats.Row("cluster", $"nodes (shippers in one process, one journal each)", nodes, "nodes");
            Stats.Row("cluster", $"ingest: {total:N0} backlog events from {nodes} nodes at once", total / ingestSeconds, "events/s");
            Stats.Row("cluster", "ingest: time until every node caught up", ingestSeconds, "s", "F1");
            Stats.Row("cluster", "PostgreSQL backends for the database (max seen, shippers + projection + sampler)", maxConnections, "connections");
            Stats.Row("cluster", "projection: lag when the last node caught up", lagAfterIngest, "events");
            Stats.Row("cluster", "projection: catch-up after the ingest burst", projectionCatchUp, "s", "F1");
            Stats.Row("cluster", $"steady churn: {nodes * rate} events/s cluster-wide; ship lag p50", Stats.Percentile(shipLags, 50), "ms", "F0");
            Stats.Row("cluster", "steady churn: ship lag p99", Stats.Percentile(shipLags, 99), "ms", "F0");
            Stats.Row("cluster", "steady churn: projection lag p50 (events behind high water, 1 s samples)", Stats.Percentile(projectionLag, 50), "events");
            Stats.Row("cluster", "steady churn: projection lag max", projectionLag.Count == 0 ? 0 : projectionLag.Max(), "events");
            Stats.Row("cluster", $"who-had latency p50 ({lookups} lookups, {events:N0} events in store)", Stats.Percentile(whoHad, 50), "ms", "F2");
            Stats.Row("cluster", "who-had latency p99", Stats.Percentile(whoHad, 99), "ms", "F2");
            Stats.Row("postgres", "database size", await db.SizeBytesAsync() / 1048576.0, "MiB", "F0");
        }
        finally
        {
            foreach (BenchNode node in all)
            {
                await node.DisposeAsync();
            }
        }

        return 0;
    }
}
