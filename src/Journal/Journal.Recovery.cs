using System.Diagnostics;

namespace EsCni.Journal;

/// <summary>Recovery at open: the rules of README.md "Crash rules", in order.</summary>
public sealed partial class Journal
{
    private static Journal Recover(string directory, JournalOptions options, IDisposable directoryLock, long started)
    {
        IJournalFileSystem fs = options.FileSystem;

        // Snapshots first: ids after the newest one must all stay in the idempotency index.
        List<long> snapshotsFound = [];
        List<string> snapshotWarnings = [];
        foreach (long lsn in SnapshotStore.ListLsns(fs, directory))
        {
            if (SnapshotStore.TryRead(fs, directory, lsn, Guid.Empty, out string? warning) is not null)
            {
                snapshotsFound.Add(lsn);
            }
            else
            {
                snapshotWarnings.Add(warning!);
                options.Diagnostics?.Invoke(new JournalDiagnostic(JournalDiagnosticKind.SnapshotIgnored, warning!));
            }
        }

        var ids = new IdempotencyIndex(options.IdempotencyWindow);
        long newestSnapshot = snapshotsFound.Count > 0 ? snapshotsFound[0] : 0;
        ids.SetSnapshotLsn(newestSnapshot);
        // An id at or below both the newest snapshot and (end − window) would be evicted as soon as it was added
        // (at least `window` later LSNs follow it), so the scan does not report it at all: the index ends up the
        // same as if every id had been added, for a fraction of the dictionary work.
        DirectoryScan scan = DirectoryScanner.Scan(fs, directory, ids.Add,
            nextLsn => Math.Min(newestSnapshot, nextLsn - 1 - options.IdempotencyWindow) + 1);
        if (scan.Corruption is not null)
        {
            throw new JournalCorruptException(scan.Corruption);
        }

        // Temp files are half-made segments or snapshots whose rename never happened: never referenced, safe to drop.
        List<string> removed = [];
        foreach (string temp in scan.TempFiles)
        {
            fs.Delete(Path.Combine(directory, temp));
            removed.Add(temp);
        }

        if (removed.Count > 0)
        {
            fs.SyncDirectory(directory);
        }

        long tornBytes = 0;
        string? broken = null;
        if (scan.TornTail is { } torn)
        {
            // Only the last, never-acknowledged write can be torn (see SegmentScanner.ClassifyDamage): keep its
            // bytes in a .broken file, zero them, and resume appending at the last committed frame.
            tornBytes = torn.Scan.DataEnd - torn.Scan.ValidEnd;
            broken = SegmentWriter.CutTornTail(fs, directory, torn.Path, torn.Scan.ValidEnd, torn.Scan.DataEnd, options.NowMicros());
            options.Diagnostics?.Invoke(new JournalDiagnostic(JournalDiagnosticKind.TornTailCut,
                $"journal segment {torn.Path}: cut {tornBytes} bytes of a torn, never-acknowledged write at offset {torn.Scan.ValidEnd} "
                + $"(last good LSN {torn.Scan.LastLsn}); the bytes are kept in {broken}"));
        }

        bool createdNew = scan.Segments.Count == 0;
        Guid incarnation = createdNew ? Guid.NewGuid() : scan.Incarnation;
        List<SegmentInfo> segments = [];
        foreach (ScannedSegment s in scan.Segments)
        {
            segments.Add(new SegmentInfo(s.Path, s.Header.BaseLsn, s.Header.Salt, s.Scan.ValidEnd, s.Scan.LastLsn));
        }

        SegmentWriter active;
        if (createdNew || scan.Segments[^1].Scan.End == SegmentEnd.Sealed)
        {
            // A crash between sealing a segment and creating its successor leaves a sealed last segment.
            active = SegmentWriter.Create(fs, directory, scan.LastLsn + 1, incarnation, options);
            segments.Add(new SegmentInfo(active.Path, active.Header.BaseLsn, active.Header.Salt, active.WriteOffset, active.LastLsn));
        }
        else
        {
            ScannedSegment last = scan.Segments[^1];
            active = SegmentWriter.Reopen(fs, last.Path, last.Header, last.Scan.ValidEnd, last.Scan.LastLsn);
        }

        var report = new RecoveryReport(
            Segments: segments.Count,
            FirstLsn: segments[0].BaseLsn,
            LastLsn: scan.LastLsn,
            CreatedNew: createdNew,
            TornBytesCut: tornBytes,
            BrokenFile: broken,
            TempFilesRemoved: removed,
            SnapshotsFound: snapshotsFound,
            SnapshotWarnings: snapshotWarnings,
            Duration: Stopwatch.GetElapsedTime(started));
        var journal = new Journal(directory, options, directoryLock, incarnation, ids, segments, active, report);
        journal.StartWriterLoop();
        options.Diagnostics?.Invoke(new JournalDiagnostic(JournalDiagnosticKind.Opened,
            $"journal {directory} opened: {(createdNew ? "new incarnation " : "incarnation ")}{incarnation:N}, {segments.Count} segment(s), recovered to LSN {scan.LastLsn}",
            report.Duration));
        return journal;
    }
}
