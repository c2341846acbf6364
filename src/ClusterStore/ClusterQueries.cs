using EsCni.Domain.Events;
using EsCni.Domain.Net;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace EsCni.ClusterStore;

/// <summary>The questions the replay CLI asks the cluster store: who had an IP (any node), which streams a node has, its events.</summary>
public static class ClusterQueries
{
    /// <summary>
    /// Every owner of <paramref name="ip"/> on any node, from the async projection; with <paramref name="at"/> only
    /// the owner(s) at that moment. As fresh as the central projection process (see <see cref="ProjectionLagAsync"/>).
    /// </summary>
    public static Task<IReadOnlyList<ClusterOwnershipInterval>> WhoHadAsync(IQuerySession query, Ipv4Address ip, DateTimeOffset? at, CancellationToken ct) =>
        WhoHadAsync(query, ip.ToString(), at, ct);

    /// <summary>As for IPv4: every owner of the IPv6 address on any node (intervals are keyed by its RFC 5952 text).</summary>
    public static Task<IReadOnlyList<ClusterOwnershipInterval>> WhoHadAsync(IQuerySession query, Ipv6Address address, DateTimeOffset? at, CancellationToken ct) =>
        WhoHadAsync(query, address.ToString(), at, ct);

    private static async Task<IReadOnlyList<ClusterOwnershipInterval>> WhoHadAsync(IQuerySession query, string text, DateTimeOffset? at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        IReadOnlyList<ClusterOwnershipInterval> intervals = at is { } moment
            ? await query.Query<ClusterOwnershipInterval>().Where(i => i.Ip == text && i.From <= moment).ToListAsync(ct).ConfigureAwait(false)
            : await query.Query<ClusterOwnershipInterval>().Where(i => i.Ip == text).ToListAsync(ct).ConfigureAwait(false);
        return intervals.Where(i => at is not { } m || i.To is null || m < i.To).OrderBy(i => i.From).ThenBy(i => i.Node, StringComparer.Ordinal).ToList();
    }

    /// <summary>The node's streams (one per journal incarnation), newest first.</summary>
    public static async Task<IReadOnlyList<NodeStream>> StreamsOfNodeAsync(string connectionString, string node, CancellationToken ct, string schema = ClusterDocumentStore.DefaultSchema)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        NpgsqlConnection connection = new(ClusterDocumentStore.ConnectionStringFor(connectionString, ClusterStoreRole.Reader));
        List<NodeStream> streams = [];
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            NpgsqlCommand command = new($"select id, version, created, timestamp from {schema}.mt_streams where id like @pattern order by created desc", connection);
            await using (command.ConfigureAwait(false))
            {
                command.Parameters.AddWithValue("pattern", ClusterStreams.Prefix + node.Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + ":%");
                NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        string key = reader.GetString(0);
                        if (ClusterStreams.TryParse(key, out string? name, out Guid incarnation) && name == node)
                        {
                            streams.Add(new NodeStream(key, name, incarnation, reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3)));
                        }
                    }
                }
            }
        }

        return streams;
    }

    /// <summary>The decoded events of a stream (version == LSN) up to the first one after <paramref name="upTo"/>; undecodable events are counted in <paramref name="skipped"/>.</summary>
    public static async Task<(IReadOnlyList<RecordedEvent> Events, int Skipped)> EventsOfStreamAsync(IQuerySession query, string key, DateTimeOffset? upTo, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        IReadOnlyList<IEvent> raw = await query.Events.FetchStreamAsync(key, 0, null, 0, ct).ConfigureAwait(false);
        List<RecordedEvent> events = new(raw.Count);
        int skipped = 0;
        foreach (IEvent e in raw)
        {
            if (e.Data is not ShippedEvent shipped)
            {
                continue;
            }

            if (upTo is { } limit && shipped.At > limit)
            {
                break; // LSN order is the truth; the first event after the moment ends the prefix, as in PoolHistory.StateAt
            }

            if (ShippedEventMapping.Decode(shipped) is DomainEvent decoded)
            {
                events.Add(new RecordedEvent(e.Version, decoded));
            }
            else
            {
                skipped++;
            }
        }

        return (events, skipped);
    }

    /// <summary>How far the central projection is behind the newest event: (high-water sequence, projection's sequence).</summary>
    public static async Task<(long HighWater, long Projected)> ProjectionLagAsync(IDocumentStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var statistics = await store.Advanced.FetchEventStoreStatistics(token: ct).ConfigureAwait(false);
        var progress = await store.Advanced.AllProjectionProgress(token: ct).ConfigureAwait(false);
        long projected = progress.Where(p => p.ShardName.Contains(nameof(ClusterProjection), StringComparison.Ordinal)).Select(p => p.Sequence).DefaultIfEmpty(0).Max();
        long highWater = progress.Where(p => p.ShardName.Contains("HighWaterMark", StringComparison.OrdinalIgnoreCase)).Select(p => p.Sequence).DefaultIfEmpty(statistics.EventSequenceNumber).Max();
        return (highWater, projected);
    }
}
