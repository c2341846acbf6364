using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using EsCni.Journal.Reading;
using EsCni.Journal.Recovery;
using EsCni.Journal.Snapshots;
using EsCni.Journal.Storage;

namespace EsCni.Journal;

/// <summary>
/// A read-only view of a journal directory, as of when it was opened: never takes the LOCK, never repairs or
/// deletes anything, so it is safe on a live node (beside the daemon) and on a copied directory. When a segment
/// is damaged it still serves the intact prefix and reports the damage in <see cref="Verify"/>.
/// </summary>
public sealed class JournalReader
{
    private readonly IJournalFileSystem _fs;
    private readonly DirectoryScan _scan;
    private readonly IReadOnlyList<SegmentRange> _ranges;

    private JournalReader(string directory, IJournalFileSystem fs, DirectoryScan scan)
    {
        Directory = directory;
        _fs = fs;
        _scan = scan;
        List<SegmentRange> ranges = [];
        foreach (ScannedSegment s in scan.Segments)
        {
            ranges.Add(new SegmentRange(s.Path, s.Header.BaseLsn, s.Header.Salt, s.Scan.ValidEnd, s.Scan.LastLsn));
        }

        _ranges = ranges;
    }

    /// <summary>The directory read.</summary>
    public string Directory { get; }

    /// <summary>Last LSN of the readable prefix (0 when empty).</summary>
    public long LastLsn => _scan.LastLsn;

    /// <summary>First LSN on disk.</summary>
    public long FirstLsn => _scan.FirstLsn;

    /// <summary>The journal's incarnation id (empty when there are no segments).</summary>
    public Guid Incarnation => _scan.Incarnation;

    /// <summary>Scans <paramref name="directory"/> without locking or changing it.</summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public static JournalReader Open(string directory) => Open(directory, PosixFileSystem.Instance);

    internal static JournalReader Open(string directory, IJournalFileSystem fs)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full) && fs is PosixFileSystem)
        {
            throw new DirectoryNotFoundException($"journal directory {full} does not exist; pass the daemon's ESCNI_JOURNAL_DIR");
        }

        return new JournalReader(full, fs, DirectoryScanner.Scan(fs, full, onEvent: null));
    }

    /// <summary>What the scan found: frames that verified, a torn tail, corruption (file, offset, LSN), bad snapshots.</summary>
    public VerifyReport Verify()
    {
        long frames = 0;
        foreach (ScannedSegment s in _scan.Segments)
        {
            frames += s.Scan.EventCount;
        }

        List<string> warnings = [];
        foreach (long lsn in SnapshotStore.ListLsns(_fs, Directory))
        {
            if (SnapshotStore.TryRead(_fs, Directory, lsn, _scan.Incarnation, out string? warning) is null)
            {
                warnings.Add(warning!);
            }
        }

        ScannedSegment? torn = _scan.TornTail;
        return new VerifyReport(
            Segments: _scan.SegmentFiles,
            FramesOk: frames,
            FirstLsn: _scan.FirstLsn,
            LastLsn: _scan.LastLsn,
            TornTail: torn is not null,
            TornBytes: torn is null ? 0 : torn.Scan.DataEnd - torn.Scan.ValidEnd,
            Corruption: _scan.Corruption,
            SnapshotWarnings: warnings);
    }

    /// <summary>Records of the intact prefix with <paramref name="afterLsn"/> &lt; LSN ≤ <paramref name="toLsn"/>.</summary>
    public async IAsyncEnumerable<JournalRecord> ReadAsync(long afterLsn, long? toLsn = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (JournalRecord record in RecordReader.Enumerate(_fs, _ranges, afterLsn, Math.Min(toLsn ?? LastLsn, LastLsn)))
        {
            ct.ThrowIfCancellationRequested();
            yield return record;
        }
    }

    /// <summary>The allocation-free fast path; payloads are valid only during <paramref name="onRecord"/>. Returns the count.</summary>
    public long ReadAll(long afterLsn, Action<JournalRecord> onRecord, long? toLsn = null)
    {
        ArgumentNullException.ThrowIfNull(onRecord);
        return RecordReader.ReadAll(_fs, _ranges, afterLsn, Math.Min(toLsn ?? LastLsn, LastLsn), onRecord);
    }

    /// <summary>The newest verifying snapshot at or below <paramref name="maxLsn"/>; damaged ones are skipped and listed in <paramref name="warnings"/>.</summary>
    public bool TryReadNewestSnapshot(long maxLsn, [NotNullWhen(true)] out Snapshot? snapshot, out IReadOnlyList<string> warnings)
    {
        List<string> list = [];
        snapshot = SnapshotStore.ReadNewest(_fs, Directory, maxLsn, _scan.Incarnation, list);
        warnings = list;
        return snapshot is not null;
    }
}
