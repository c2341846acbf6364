using System.Diagnostics;
using EsCni.Domain.Codec;
using EsCni.Journal;

namespace EsCni.Ipamd.Pool;

/// <summary>Rebuilds the pool at start: the newest good snapshot, then every event after it. No EC2 or IMDS call.</summary>
/// <remarks>
/// This is the whole of the daemon's critical start path, so it reads the journal's sequential fast path and
/// decodes in place. An event this build cannot decode stops the start: skipping it would rebuild a pool that
/// forgets an allocation, which is exactly the duplicate-IP failure the journal exists to prevent.
/// </remarks>
public static class PoolRecovery
{
    /// <summary>Rebuilds the pool from <paramref name="journal"/>.</summary>
    /// <exception cref="PoolRecoveryException">An event cannot be decoded or applied; the message names its LSN.</exception>
    public static RecoveredPool Recover(NodeJournal journal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(journal);
        long started = Stopwatch.GetTimestamp();
        NodePool pool;
        long snapshotLsn = 0;
        if (journal.TryReadNewestSnapshot(journal.LastLsn, out Snapshot? snapshot) && TryLoad(snapshot, out NodePool? fromSnapshot))
        {
            pool = fromSnapshot;
            snapshotLsn = snapshot.Lsn;
        }
        else
        {
            pool = new NodePool();
        }

        // The synchronous sequential reader: no per-record task or enumerator allocation on the start path.
        cancellationToken.ThrowIfCancellationRequested();
        long replayed = journal.ReadAll(snapshotLsn, record => Apply(pool, record));

        return new RecoveredPool(pool, snapshotLsn, replayed, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Decodes one record and applies it; throws naming the LSN when it cannot.</summary>
    public static void Apply(NodePool pool, in JournalRecord record)
    {
        ArgumentNullException.ThrowIfNull(pool);
        DecodeResult decoded = EventCodec.Decode(record.Type, record.Payload.Span);
        if (!decoded.IsOk)
        {
            throw new PoolRecoveryException(
                $"journal event at LSN {record.Lsn} cannot be read: {decoded.Error}. The pool cannot be rebuilt without it; "
                + "run `escni-ipamd replay verify --journal <dir>` and upgrade escni-ipamd if the journal was written by a newer release");
        }

        try
        {
            pool.Apply(new RecordedEvent(record.Lsn, decoded.Event));
        }
        catch (InvalidOperationException ex)
        {
            throw new PoolRecoveryException(
                $"journal event at LSN {record.Lsn} ({decoded.Event.GetType().Name}) does not apply to the pool: {ex.Message}; "
                + "run `escni-ipamd replay verify --journal <dir>` for the full report", ex);
        }
    }

    private static bool TryLoad(Snapshot snapshot, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NodePool? pool)
    {
        pool = NodePoolSnapshot.TryDecode(snapshot.Blob.Span, out NodePool? loaded, out _) ? loaded : null;
        return pool is not null;
    }
}
