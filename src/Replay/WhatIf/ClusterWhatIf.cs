using EsCni.ClusterStore;
using EsCni.Projections;
using EsCni.Projections.WhatIf;
using Marten;
using Npgsql;

namespace EsCni.Replay.WhatIf;

/// <summary>
/// <c>replay what-if --postgres CS [--node NAME]</c>: the what-if of every node (or one) from its newest shipped journal
/// incarnation, and per subnet whether the settings would have run it out of addresses, and when.
/// </summary>
/// <remarks>
/// Each node is replayed on its own, exactly as <c>--journal</c> would (the same <see cref="RecordedNodeProjection"/> and
/// <see cref="WhatIfSimulation"/>); the subnet view then sums the nodes' simulated pools (<see cref="SubnetRunOut"/>).
/// Nodes do not compete in the simulation: a node that would have been refused addresses by a full subnet is still
/// simulated as if it got them, so after the run-out moment the per-node numbers are optimistic.
/// </remarks>
public static class ClusterWhatIf
{
    /// <summary>Reads, replays and prints; a store it cannot read is the caller's (<see cref="ClusterReplayOptions.DispatchAsync"/>).</summary>
    public static async Task<int> RunAsync(string connectionString, string? node, DateTimeOffset? from, DateTimeOffset? to, IReadOnlyList<WhatIfScenario> scenarios, bool json,
        string? plot, TextWriter stdout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        ArgumentNullException.ThrowIfNull(stdout);
        if (plot is not null && node is null)
        {
            throw new ReplayUsageException("--plot with --postgres draws one node: add --node NAME");
        }

        IReadOnlyList<NodeStream> streams = node is not null ? (await ClusterQueries.StreamsOfNodeAsync(connectionString, node, ct).ConfigureAwait(false)).Take(1).ToList()
            : await NewestStreamsAsync(connectionString, ct).ConfigureAwait(false);
        if (streams.Count == 0)
        {
            throw new ReplayUsageException(node is null ? "the cluster store holds no node streams yet; is any daemon shipping (ESCNI_POSTGRES)?"
                : $"the cluster store has no stream for node '{node}'; check the name (NODE_NAME, or the EC2 instance id when NODE_NAME was unset)");
        }

        List<(string Node, RecordedNode Recorded, IReadOnlyList<ScenarioOutcome> Outcomes)> nodes = [];
        List<string> skipped = [];
        using DocumentStore store = ClusterDocumentStore.Open(connectionString, ClusterStoreRole.Reader);
        foreach (NodeStream stream in streams)
        {
            IReadOnlyList<RecordedEvent> events;
            await using (IQuerySession query = store.QuerySession())
            {
                (events, _) = await ClusterQueries.EventsOfStreamAsync(query, stream.Key, to, ct).ConfigureAwait(false);
            }

            RecordedNodeProjection projection = new(from, to);
            foreach (RecordedEvent e in events)
            {
                projection.Apply(e);
            }

            try
            {
                RecordedNode recorded = projection.Build();
                nodes.Add((stream.Node, recorded, scenarios.Select(s => WhatIfSimulation.Run(recorded, s)).ToList()));
            }
            catch (ProjectionException ex)
            {
                skipped.Add($"{stream.Node}: {ex.Message}");
            }
        }

        var subnets = nodes.GroupBy(n => (n.Recorded.PrimaryEni.SubnetId, n.Recorded.PrimaryEni.SubnetCidr)).OrderBy(g => g.Key.SubnetId, StringComparer.Ordinal)
            .Select(g => new
            {
                g.Key.SubnetId,
                actual = SubnetRunOut.Of(g.Key.SubnetId, g.Key.SubnetCidr, g.Select(n => n.Recorded.Actual).ToList()),
                scenarios = scenarios.Select((s, i) => (s.Name, RunOut: SubnetRunOut.Of(g.Key.SubnetId, g.Key.SubnetCidr, g.Select(n => n.Outcomes[i].Trace).ToList()))).ToList(),
            })
            .ToList();
        if (plot is not null && nodes.Count == 1)
        {
            WhatIfPlot.Write(plot, nodes[0].Node, nodes[0].Recorded.Actual, nodes[0].Outcomes);
        }

        if (json)
        {
            ReplayJson.Write(stdout, new
            {
                nodes = nodes.Select(n => new { node = n.Node, whatIf = WhatIfReport.ToJson(n.Recorded, n.Outcomes) }),
                subnets = subnets.Select(s => new { s.SubnetId, s.actual, scenarios = s.scenarios.Select(x => new { name = x.Name, runOut = x.RunOut }) }),
                skipped,
            });
            return ReplayExitCodes.Ok;
        }

        foreach ((string name, RecordedNode recorded, IReadOnlyList<ScenarioOutcome> outcomes) in nodes)
        {
            stdout.WriteLine($"== node {name}");
            WhatIfReport.WriteTable(recorded, outcomes, stdout);
            stdout.WriteLine();
        }

        stdout.WriteLine("subnets (every node's ENIs counted in its primary ENI's subnet; addresses used by anything else are not in the journals):");
        TextTable table = new("subnet", "cidr", "usable", "nodes", "settings", "verdict");
        foreach (var s in subnets)
        {
            table.Add(s.SubnetId, s.actual.Cidr, N(s.actual.Capacity), N(s.actual.Nodes), "actual", s.actual.Verdict());
            foreach ((string name, SubnetRunOut runOut) in s.scenarios)
            {
                table.Add(string.Empty, string.Empty, string.Empty, string.Empty, name, runOut.Verdict());
            }
        }

        table.WriteTo(stdout);
        foreach (string skip in skipped)
        {
            stdout.WriteLine($"warning: skipped {skip}");
        }

        if (plot is not null)
        {
            stdout.WriteLine($"plot written to {Path.GetFullPath(plot)}");
        }

        return ReplayExitCodes.Ok;
    }

    /// <summary>Every node's newest stream (its current journal incarnation).</summary>
    private static async Task<IReadOnlyList<NodeStream>> NewestStreamsAsync(string connectionString, CancellationToken ct)
    {
        List<NodeStream> streams = [];
        NpgsqlConnection connection = new(ClusterDocumentStore.ConnectionStringFor(connectionString, ClusterStoreRole.Reader));
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            NpgsqlCommand command = new($"select id, version, created, timestamp from {ClusterDocumentStore.DefaultSchema}.mt_streams where id like @prefix order by created desc", connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.AddWithValue("prefix", ClusterStreams.Prefix + "%");
                NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        if (ClusterStreams.TryParse(reader.GetString(0), out string? name, out Guid incarnation) && streams.All(s => s.Node != name))
                        {
                            streams.Add(new NodeStream(reader.GetString(0), name, incarnation, reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3)));
                        }
                    }
                }
            }
        }

        return streams.OrderBy(s => s.Node, StringComparer.Ordinal).ToList();
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
