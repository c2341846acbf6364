using System.Diagnostics.CodeAnalysis;

namespace EsCni.Journal;

/// <summary>Snapshots (opaque blobs at an LSN, newest two kept) and retention of old segments.</summary>
public sealed partial class Journal
{
    /// <summary>
    /// Stores <paramref name="blob"/> as the state after <paramref name="atLsn"/> (temp → fsync → rename → fsync dir),
    /// then deletes all but the newest two snapshots.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="atLsn"/> is not durable yet or negative.</exception>
    /// <exception cref="SnapshotNotWrittenException">The snapshot file could not be written (e.g. ENOSPC); nothing was synced, the journal stays open.</exception>
    /// <exception cref="JournalFailedException">An fsync, rename or deletion failed; the journal is now failed.</exception>
    public async ValueTask WriteSnapshotAsync(long atLsn, ReadOnlyMemory<byte> blob, CancellationToken ct)
    {
        ThrowIfNotOpen();
        if (atLsn < 0 || atLsn > LastLsn)
        {
            throw new ArgumentOutOfRangeException(nameof(atLsn), atLsn, $"a snapshot must be at a durable LSN (0..{LastLsn})");
        }

        await _maintenance.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            bool prune = !HasReadLeases; // a query may be about to read an older snapshot; the next write prunes it
            await Task.Run(() => RunFileStep(() => SnapshotStore.Write(_fs, _directory, _incarnation, atLsn, _options.NowMicros(), blob.Span, prune)), ct)
                .ConfigureAwait(false);
            _ids.SetSnapshotLsn(atLsn);
        }
        finally
        {
            _maintenance.Release();
        }
    }

    /// <summary>The newest snapshot at or below <paramref name="maxLsn"/> that verifies; damaged ones are skipped and added to <see cref="SnapshotWarnings"/>.</summary>
    public bool TryReadNewestSnapshot(long maxLsn, [NotNullWhen(true)] out Snapshot? snapshot) => TryReadNewestSnapshot(maxLsn, out snapshot, out _);

    /// <summary>As <see cref="TryReadNewestSnapshot(long, out Snapshot?)"/>, also handing back the damaged snapshots skipped on the way.</summary>
    public bool TryReadNewestSnapshot(long maxLsn, [NotNullWhen(true)] out Snapshot? snapshot, out IReadOnlyList<string> warnings)
    {
        List<string> skipped = [];
        warnings = skipped;
        snapshot = SnapshotStore.ReadNewest(_fs, _directory, maxLsn, _incarnation, skipped);
        foreach (string warning in skipped)
        {
            lock (_snapshotWarnings)
            {
                if (!_snapshotWarnings.Contains(warning))
                {
                    _snapshotWarnings.Add(warning);
                }
            }

            _options.Diagnostics?.Invoke(new JournalDiagnostic(JournalDiagnosticKind.SnapshotIgnored, warning));
        }

        return snapshot is not null;
    }

    /// <summary>
    /// Deletes sealed segments whose every event is at or below both <paramref name="shippedLsn"/> and the oldest
    /// kept (verifying) snapshot; with no snapshot, or while a <see cref="JournalReadLease"/> is held, nothing is
    /// deleted. Returns the number of segments deleted.
    /// </summary>
    public async ValueTask<int> DeleteSegmentsBelowAsync(long shippedLsn, CancellationToken ct)
    {
        ThrowIfNotOpen();
        await _maintenance.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => RunFileStep(() => DeleteSegmentsUnsynchronized(shippedLsn)), ct).ConfigureAwait(false);
        }
        finally
        {
            _maintenance.Release();
        }
    }

    private int DeleteSegmentsUnsynchronized(long shippedLsn)
    {
        if (HasReadLeases)
        {
            return 0; // a query reads these files now; the next round deletes them
        }

        long oldestSnapshot = -1;
        foreach (long lsn in SnapshotStore.ListLsns(_fs, _directory))
        {
            if (SnapshotStore.TryRead(_fs, _directory, lsn, _incarnation, out _) is not null)
            {
                oldestSnapshot = lsn; // list is newest first; the last that verifies among the kept ones is the oldest
            }
        }

        long floor = Math.Min(shippedLsn, oldestSnapshot);
        int deleted = 0;
        while (true)
        {
            SegmentInfo victim;
            lock (_segmentsLock)
            {
                AssertInvariants();
                // Never the active (last) segment; always the oldest first so the chain stays contiguous.
                if (_segments.Count < 2 || _segments[0].LastLsn > floor)
                {
                    break;
                }

                victim = _segments[0];
            }

            _fs.Delete(victim.Path);
            // One directory fsync per deletion: deletions must become durable oldest-first, or a crash could
            // leave a hole in the middle of the chain, which recovery rightly calls corruption.
            _fs.SyncDirectory(_directory);
            lock (_segmentsLock)
            {
                AssertInvariants();
                _segments.RemoveAt(0);
            }

            deleted++;
        }

        if (deleted > 0)
        {
            _options.Diagnostics?.Invoke(new JournalDiagnostic(JournalDiagnosticKind.SegmentsDeleted,
                $"deleted {deleted} journal segment(s) of {_directory} at or below LSN {floor} (shipped {shippedLsn}, oldest snapshot {oldestSnapshot})"));
        }

        return deleted;
    }

    private T RunFileStep<T>(Func<T> step)
    {
        try
        {
            return step();
        }
        catch (IOException ex)
        {
            FailFromMaintenance(ex);
            throw new JournalFailedException($"journal {_directory}: {ex.Message}; the journal is now failed. Restart the process", ex);
        }
    }

    private void RunFileStep(Action step) => RunFileStep(() =>
    {
        step();
        return 0;
    });

    /// <summary>A failed fsync anywhere in the directory makes later directory fsyncs untrustworthy, so appends stop too.</summary>
    private void FailFromMaintenance(Exception error)
    {
        _failure ??= error;
        _state = JournalState.Failed;
        _appends.Writer.TryComplete();
    }
}
