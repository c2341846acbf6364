namespace EsCni.Journal;

/// <summary>Read leases: queries that read snapshots and segments over time keep retention and pruning off those files.</summary>
public sealed partial class Journal
{
    private int _readLeases; // changed only while holding _maintenance (taking) or at any time (releasing)

    private bool HasReadLeases => Volatile.Read(ref _readLeases) > 0;

    /// <summary>
    /// Takes a <see cref="JournalReadLease"/>: a view of the journal up to the LSN durable now, whose segments and
    /// snapshots stay on disk until it is disposed. Waits for a running snapshot write or retention round to finish,
    /// so the view never includes a file that round is deleting.
    /// </summary>
    public async ValueTask<JournalReadLease> LeaseAsync(CancellationToken ct)
    {
        ThrowIfNotOpen();
        await _maintenance.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            Interlocked.Increment(ref _readLeases);
            return new JournalReadLease(this, FirstLsn, LastLsn);
        }
        finally
        {
            _maintenance.Release();
        }
    }

    internal void ReleaseLease() => Interlocked.Decrement(ref _readLeases);
}
