using System.Diagnostics.CodeAnalysis;

namespace EsCni.Journal;

/// <summary>
/// A read of the live journal through the process that owns it, for as long as a query needs: while any lease is
/// held, retention deletes no segment and snapshot writes prune no older snapshot, so every file the query saw when
/// it began is still there when it reads it. The view ends at the LSN that was durable when the lease was taken.
/// </summary>
/// <remarks>
/// Leases are meant to be short (one query); retention and pruning only wait for the next round, they never block.
/// Dispose the lease to release the files.
/// </remarks>
public sealed class JournalReadLease : IJournalHistory, IDisposable
{
    private readonly Journal _journal;
    private int _released;

    internal JournalReadLease(Journal journal, long firstLsn, long lastLsn)
    {
        _journal = journal;
        FirstLsn = firstLsn;
        LastLsn = lastLsn;
    }

    /// <inheritdoc />
    public string Directory => _journal.Directory;

    /// <inheritdoc />
    public long FirstLsn { get; }

    /// <summary>The last durable LSN when the lease was taken; later appends are not part of this view.</summary>
    public long LastLsn { get; }

    /// <inheritdoc />
    public long ReadAll(long afterLsn, Action<JournalRecord> onRecord, long? toLsn = null) =>
        _journal.ReadAll(afterLsn, onRecord, Math.Min(toLsn ?? LastLsn, LastLsn));

    /// <inheritdoc />
    public long ReadWhile(long afterLsn, Func<JournalRecord, bool> onRecord, long? toLsn = null) =>
        _journal.ReadWhile(afterLsn, onRecord, Math.Min(toLsn ?? LastLsn, LastLsn));

    /// <inheritdoc />
    public bool TryReadNewestSnapshot(long maxLsn, [NotNullWhen(true)] out Snapshot? snapshot, out IReadOnlyList<string> warnings) =>
        _journal.TryReadNewestSnapshot(Math.Min(maxLsn, LastLsn), out snapshot, out warnings);

    /// <summary>Releases the files to retention and snapshot pruning.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _journal.ReleaseLease();
        }
    }
}
