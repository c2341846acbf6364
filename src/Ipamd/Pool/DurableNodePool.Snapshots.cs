using EsCni.Journal;

namespace EsCni.Ipamd.Pool;

/// <summary>Snapshots of the pool, so a restart replays only the events after the newest one.</summary>
public sealed partial class DurableNodePool
{
    private byte _snapshotFormatAnnounced;

    /// <summary>
    /// Called with a snapshot format before the first snapshot of that format is stored; the daemon raises the journal's
    /// <c>VERSION</c> with it, so a build from before IPv6 refuses the journal instead of skipping a format-3 snapshot's
    /// IPv6 state. If it throws, that snapshot is not written (the journal still has every event).
    /// </summary>
    public Action<byte>? SnapshotFormatStoring { get; init; }

    /// <summary>Encodes the pool as it is now and stores it in the journal at its LSN.</summary>
    /// <remarks>
    /// Encoding happens under the gate (a consistent cut at one LSN); writing happens outside it. A snapshot may
    /// name an LSN whose batch is not durable yet only if the writer loop called us mid-batch, which it never does:
    /// it snapshots after the batch's append returned.
    /// </remarks>
    private async Task WriteSnapshotAsync()
    {
        byte[] blob;
        byte format;
        long lsn;
        lock (_gate)
        {
            lsn = _pool.LastLsn;
            if (lsn == 0)
            {
                return;
            }

            blob = _pool.ToSnapshot();
            format = NodePoolSnapshot.FormatOf(_pool);
        }

        try
        {
            if (format > _snapshotFormatAnnounced && SnapshotFormatStoring is { } announce)
            {
                announce(format);
                _snapshotFormatAnnounced = format;
            }

            await _journal.WriteSnapshotAsync(lsn, blob, CancellationToken.None).ConfigureAwait(false);
            _eventsSinceSnapshot = 0;
            LogSnapshotWritten(lsn, blob.Length);
        }
        catch (SnapshotNotWrittenException ex)
        {
            // Typically a full volume. Appends still fit in the preallocated segment, so keep serving; try again
            // after another interval rather than after every batch, which would only repeat the warning.
            _eventsSinceSnapshot = 0;
            LogSnapshotSkipped(lsn, ex.Message);
        }
#pragma warning disable CA1031 // A failed snapshot costs replay time, not data: the journal still has every event.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogSnapshotFailed(lsn, ex);
        }
    }

    [LoggerMessage(EventId = LogEventIds.SnapshotWritten, Level = LogLevel.Information, Message = "pool snapshot written at LSN {Lsn} ({Bytes} bytes)")]
    private partial void LogSnapshotWritten(long lsn, int bytes);

    [LoggerMessage(EventId = LogEventIds.SnapshotFailed, Level = LogLevel.Warning, Message = "pool snapshot at LSN {Lsn} failed; the journal still holds every event, restarts replay more")]
    private partial void LogSnapshotFailed(long lsn, Exception exception);

    [LoggerMessage(EventId = LogEventIds.SnapshotSkipped, Level = LogLevel.Warning, Message = "pool snapshot at LSN {Lsn} skipped, the daemon keeps serving: {Reason}")]
    private partial void LogSnapshotSkipped(long lsn, string reason);

    [LoggerMessage(EventId = LogEventIds.PoolFailed, Level = LogLevel.Critical, Message = "the node pool stopped: its journal failed; escni-ipamd exits and recovers from the journal on restart")]
    private partial void LogPoolFailed(Exception exception);
}
