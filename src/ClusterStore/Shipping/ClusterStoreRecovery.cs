using EsCni.Journal;
using EsCni.ClusterStore;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Logging;
using Npgsql;
using NodeJournal = EsCni.Journal.Journal;

namespace EsCni.ClusterStore.Shipping;

/// <summary>
/// At daemon start, after the journal is opened and before the pool is rebuilt from it: if the journal holds no
/// events although it was not just created (its incarnation exists, its contents were lost), copy this incarnation's
/// events back from PostgreSQL — same ids, types, timestamps and bytes, so they get the same LSNs — and say so loudly.
/// A journal with events is served as it is without asking PostgreSQL (the daemon serves before it touches the
/// network); if PostgreSQL holds more of it, the shipper stops with a conflict alarm instead of overwriting.
/// </summary>
public static partial class ClusterStoreRecovery
{
    /// <summary>True when <paramref name="journal"/> existed before this open (it has an incarnation) but holds no events.</summary>
    public static bool LostItsEvents(NodeJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        return journal.LastLsn == 0 && !journal.Recovery.CreatedNew;
    }

    /// <summary>
    /// Restores the events of <paramref name="journal"/>'s incarnation into it when it <see cref="LostItsEvents"/>
    /// (otherwise returns <see cref="ClusterRestoreOutcome.UpToDate"/> without contacting PostgreSQL). Never throws
    /// for PostgreSQL trouble (the daemon must still start when the cluster store is down): the report says what happened.
    /// </summary>
    /// <param name="journal">The daemon's journal, opened and not yet appended to.</param>
    /// <param name="connectionString">ESCNI_POSTGRES.</param>
    /// <param name="nodeName">NODE_NAME, or null: then the stream is found by the journal's incarnation alone.</param>
    /// <param name="logger">Where the loud lines go.</param>
    /// <param name="ct">Cancels the restore (the journal stays valid: batches are atomic).</param>
    public static async Task<ClusterRestoreReport> RestoreLostEventsAsync(NodeJournal journal, string connectionString, string? nodeName, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentNullException.ThrowIfNull(logger);
        if (!LostItsEvents(journal))
        {
            return new ClusterRestoreReport(ClusterRestoreOutcome.UpToDate, null, journal.LastLsn, 0, 0,
                journal.Recovery.CreatedNew ? "no local journal yet: a new incarnation starts, nothing to restore" : "the local journal holds events: served as it is");
        }

        LogRestoring(logger, journal.Directory, journal.Incarnation);
        ClusterRestoreReport report;
        try
        {
            report = await RestoreAsync(journal, connectionString, nodeName, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or Marten.Exceptions.MartenCommandException)
        {
            report = new ClusterRestoreReport(ClusterRestoreOutcome.Unreachable, null, journal.LastLsn, 0, 0,
                $"could not ask the cluster store for the events of journal {journal.Directory} ({ex.GetType().Name}: {ex.Message}); starting from the empty local journal, shipping will retry and alarm if the store holds more");
        }
        catch (InvalidOperationException ex)
        {
            report = new ClusterRestoreReport(ClusterRestoreOutcome.Refused, null, journal.LastLsn, 0, 0, $"journal {journal.Directory} not restored: {ex.Message}");
        }

        switch (report.Outcome)
        {
            case ClusterRestoreOutcome.Restored:
                LogRestored(logger, report.Message);
                break;
            case ClusterRestoreOutcome.Refused:
                LogRefused(logger, report.Message);
                break;
            case ClusterRestoreOutcome.Unreachable:
                LogUnreachable(logger, report.Message);
                break;
            default:
                LogNothingToRestore(logger, report.Message);
                break;
        }

        return report;
    }

    private static async Task<ClusterRestoreReport> RestoreAsync(NodeJournal journal, string connectionString, string? nodeName, CancellationToken ct)
    {
        long localLast = journal.LastLsn;
        string? key = await FindStreamAsync(connectionString, journal.Incarnation, nodeName, ct).ConfigureAwait(false);
        if (key is null)
        {
            return new ClusterRestoreReport(ClusterRestoreOutcome.UpToDate, null, localLast, 0, 0, $"the cluster store has no stream for incarnation {journal.Incarnation:N}");
        }

        using DocumentStore store = ClusterDocumentStore.Open(connectionString, ClusterStoreRole.Reader);
        await using IQuerySession query = store.QuerySession();
        StreamState? state = await query.Events.FetchStreamStateAsync(key, ct).ConfigureAwait(false);
        long remote = state?.Version ?? 0;
        if (remote <= localLast)
        {
            return new ClusterRestoreReport(ClusterRestoreOutcome.UpToDate, key, localLast, remote, 0, $"{key}: local journal (LSN {localLast}) holds everything shipped (LSN {remote})");
        }

        long restored = 0;
        for (long from = localLast; from < remote;)
        {
            long to = Math.Min(remote, from + ClusterDocumentStore.MaxBatchEvents);
            IReadOnlyList<IEvent> page = await query.Events.FetchStreamAsync(key, to, null, from + 1, ct).ConfigureAwait(false);
            restored += await AppendPageAsync(journal, page, from, ct).ConfigureAwait(false);
            from = to;
        }

        return new ClusterRestoreReport(ClusterRestoreOutcome.Restored, key, localLast, remote, restored,
            $"JOURNAL RESTORED FROM POSTGRESQL: journal {journal.Directory} held no events (LSN {localLast}) but {key} holds up to LSN {remote}; "
            + $"{restored} events copied back (same ids, timestamps and bytes). The disk lost acknowledged data: check the node's storage.");
    }

    /// <summary>Appends one page as journal batches that respect the journal's write size; checks each LSN lands where PostgreSQL had it.</summary>
    private static async Task<long> AppendPageAsync(NodeJournal journal, IReadOnlyList<IEvent> page, long after, CancellationToken ct)
    {
        const int BatchBytesBudget = 256 * 1024; // well under MaxBatchBytes (1 MiB default; the 48-byte headers count too)
        List<JournalEntry> batch = [];
        long bytes = 0;
        long expected = after + 1;
        long appended = 0;
        foreach (IEvent e in page)
        {
            if (e.Data is not ShippedEvent shipped || e.Version != expected + batch.Count)
            {
                throw new InvalidOperationException($"cluster store event at version {e.Version} is not a shipped journal event at LSN {expected + batch.Count}; the stream was written by something else");
            }

            long frame = NodeStreamShipper.FrameBytes(shipped.Payload.Length);
            if (batch.Count > 0 && bytes + frame > BatchBytesBudget)
            {
                appended += await AppendBatchAsync(journal, batch, expected, ct).ConfigureAwait(false);
                expected += batch.Count;
                batch.Clear();
                bytes = 0;
            }

            batch.Add(ShippedEventMapping.ToJournalEntry(shipped));
            bytes += frame;
        }

        if (batch.Count > 0)
        {
            appended += await AppendBatchAsync(journal, batch, expected, ct).ConfigureAwait(false);
        }

        return appended;
    }

    private static async Task<long> AppendBatchAsync(NodeJournal journal, List<JournalEntry> batch, long expectedFirst, CancellationToken ct)
    {
        AppendResult result = await journal.AppendAsync(batch.ToArray(), ct).ConfigureAwait(false);
        if (result.FirstLsn != expectedFirst)
        {
            throw new JournalException($"restoring into journal {journal.Directory}: events landed at LSN {result.FirstLsn}, expected {expectedFirst}; the journal changed during the restore");
        }

        return batch.Count;
    }

    /// <summary>The stream of this incarnation: by node name when given, else the only stream ending in the incarnation.</summary>
    private static async Task<string?> FindStreamAsync(string connectionString, Guid incarnation, string? nodeName, CancellationToken ct)
    {
        NpgsqlConnectionStringBuilder builder = new(ClusterDocumentStore.ConnectionStringFor(connectionString, ClusterStoreRole.Reader)) { Timeout = 5 };
        await using NpgsqlConnection connection = new(builder.ConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using NpgsqlCommand command = new($"select id from {ClusterDocumentStore.DefaultSchema}.mt_streams where id like @pattern", connection);
        command.Parameters.AddWithValue("pattern", $"{ClusterStreams.Prefix}%:{incarnation:N}");
        List<string> keys = [];
        await using (NpgsqlDataReader reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                keys.Add(reader.GetString(0));
            }
        }

        if (nodeName is not null)
        {
            string wanted = ClusterStreams.KeyFor(nodeName, incarnation);
            return keys.Contains(wanted) ? wanted : null;
        }

        return keys.Count switch
        {
            0 => null,
            1 => keys[0],
            _ => throw new InvalidOperationException($"incarnation {incarnation:N} has {keys.Count} streams ({string.Join(", ", keys)}): the journal was copied between nodes; set NODE_NAME so the right one is used"),
        };
    }

    [LoggerMessage(EventId = ShippingLogEventIds.Restoring, Level = LogLevel.Warning, Message = "journal {JournalDirectory} (incarnation {Incarnation:N}) exists but holds no events: its contents were lost. Asking the cluster store for this incarnation's events before serving")]
    private static partial void LogRestoring(ILogger logger, string journalDirectory, Guid incarnation);

    [LoggerMessage(EventId = ShippingLogEventIds.NothingToRestore, Level = LogLevel.Information, Message = "{Message}")]
    private static partial void LogNothingToRestore(ILogger logger, string message);

    [LoggerMessage(EventId = ShippingLogEventIds.Restored, Level = LogLevel.Critical, Message = "{Message}")]
    private static partial void LogRestored(ILogger logger, string message);

    [LoggerMessage(EventId = ShippingLogEventIds.RestoreRefused, Level = LogLevel.Critical, Message = "{Message}")]
    private static partial void LogRefused(ILogger logger, string message);

    [LoggerMessage(EventId = ShippingLogEventIds.Unavailable, Level = LogLevel.Warning, Message = "{Message}")]
    private static partial void LogUnreachable(ILogger logger, string message);
}
