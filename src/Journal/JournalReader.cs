using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace EsCni.Journal;

/// <summary>
/// A read-only view of a journal directory, as of when it was opened: never takes the LOCK, never repairs or
/// deletes anything, so it is safe on a live node (beside the daemon) and on a copied directory.
/// </summary>
/// <remarks>
/// Opening is cheap: it checks every segment header and the chain of base LSNs, reads each sealed segment's
/// Seal frame (its last LSN) from the end of the file, and scans only the last segment in full. The frames of
/// sealed segments are verified as they are read; a read that meets a damaged frame has handed out the intact
/// prefix before it and throws <see cref="JournalCorruptException"/> naming file, offset and LSN exactly as
/// <see cref="Verify"/> does. <see cref="Verify"/> checks every frame; after it, <see cref="LastLsn"/> is the
/// end of the intact prefix and reads stop there instead of throwing.
/// </remarks>
public sealed partial class JournalReader : IJournalHistory
{
    private readonly IJournalFileSystem _fs;
    private readonly SegmentListing _listing;
    private readonly SegmentOutcome[] _located;
    private readonly Lock _verifyLock = new();
    private View _view;
    private DirectoryScan? _verified;

    private JournalReader(string directory, IJournalFileSystem fs, SegmentListing listing, SegmentOutcome[] located)
    {
        Directory = directory;
        _fs = fs;
        _listing = listing;
        _located = located;
        _view = new View(DirectoryScanner.Chain(listing, located));
    }

    /// <summary>The directory read.</summary>
    public string Directory { get; }

    /// <summary>Last LSN of the readable prefix (0 when empty); after <see cref="Verify"/>, of the intact prefix.</summary>
    public long LastLsn => Volatile.Read(ref _view).Scan.LastLsn;

    /// <summary>First LSN on disk.</summary>
    public long FirstLsn => Volatile.Read(ref _view).Scan.FirstLsn;

    /// <summary>The journal's incarnation id (empty when there are no segments).</summary>
    public Guid Incarnation => Volatile.Read(ref _view).Scan.Incarnation;

    /// <summary>Opens <paramref name="directory"/> without locking or changing it.</summary>
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

        SegmentListing listing = DirectoryScanner.List(fs, full);
        return new JournalReader(full, fs, listing, DirectoryScanner.Locate(fs, listing));
    }

    /// <summary>Checks every frame of the segments seen at open: frames that verified, a torn tail, corruption (file, offset, LSN), bad snapshots.</summary>
    public VerifyReport Verify()
    {
        DirectoryScan scan;
        lock (_verifyLock)
        {
            scan = _verified ??= DirectoryScanner.Chain(_listing, DirectoryScanner.Verify(_fs, _listing, _located));
            Volatile.Write(ref _view, new View(scan));
        }

        long frames = 0;
        foreach (ScannedSegment s in scan.Segments)
        {
            frames += s.Scan.EventCount;
        }

        List<string> warnings = [];
        foreach (long lsn in SnapshotStore.ListLsns(_fs, Directory))
        {
            if (SnapshotStore.TryRead(_fs, Directory, lsn, scan.Incarnation, out string? warning) is null)
            {
                warnings.Add(warning!);
            }
        }

        ScannedSegment? torn = scan.TornTail;
        return new VerifyReport(
            Segments: scan.SegmentFiles,
            FramesOk: frames,
            FirstLsn: scan.FirstLsn,
            LastLsn: scan.LastLsn,
            TornTail: torn is not null,
            TornBytes: torn is null ? 0 : torn.Scan.DataEnd - torn.Scan.ValidEnd,
            Corruption: scan.Corruption,
            SnapshotWarnings: warnings);
    }

    /// <summary>Records of the readable prefix with <paramref name="afterLsn"/> &lt; LSN ≤ <paramref name="toLsn"/>.</summary>
    /// <exception cref="JournalCorruptException">A frame on the way does not verify; the records before its batch were returned.</exception>
    /// <param name="afterLsn">Records after this LSN.</param>
    /// <param name="toLsn">Up to this LSN; default the last readable one.</param>
    /// <param name="ct">Checked between records.</param>
    public IEnumerable<JournalRecord> Read(long afterLsn, long? toLsn = null, CancellationToken ct = default)
    {
        View view = Volatile.Read(ref _view);
        foreach (JournalRecord record in RecordReader.Enumerate(_fs, view.Ranges, afterLsn, Math.Min(toLsn ?? view.Scan.LastLsn, view.Scan.LastLsn)))
        {
            ct.ThrowIfCancellationRequested();
            yield return record;
        }
    }

    /// <summary>The allocation-free fast path; payloads are valid only during <paramref name="onRecord"/>. Returns the count.</summary>
    /// <exception cref="JournalCorruptException">A frame on the way does not verify; the records before its batch were delivered.</exception>
    public long ReadAll(long afterLsn, Action<JournalRecord> onRecord, long? toLsn = null)
    {
        ArgumentNullException.ThrowIfNull(onRecord);
        View view = Volatile.Read(ref _view);
        return RecordReader.ReadAll(_fs, view.Ranges, afterLsn, Math.Min(toLsn ?? view.Scan.LastLsn, view.Scan.LastLsn), onRecord);
    }

    /// <summary>
    /// As <see cref="ReadAll"/>, but stops at the first record <paramref name="onRecord"/> returns false for (e.g. the
    /// first event after a point in time), reading nothing further. Returns how many records it returned true for.
    /// </summary>
    /// <exception cref="JournalCorruptException">A frame on the way does not verify; the records before its batch were delivered.</exception>
    public long ReadWhile(long afterLsn, Func<JournalRecord, bool> onRecord, long? toLsn = null)
    {
        ArgumentNullException.ThrowIfNull(onRecord);
        View view = Volatile.Read(ref _view);
        return RecordReader.ReadWhile(_fs, view.Ranges, afterLsn, Math.Min(toLsn ?? view.Scan.LastLsn, view.Scan.LastLsn), onRecord);
    }

    /// <summary>The newest verifying snapshot at or below <paramref name="maxLsn"/>; damaged ones are skipped and listed in <paramref name="warnings"/>.</summary>
    public bool TryReadNewestSnapshot(long maxLsn, [NotNullWhen(true)] out Snapshot? snapshot, out IReadOnlyList<string> warnings)
    {
        List<string> list = [];
        snapshot = SnapshotStore.ReadNewest(_fs, Directory, maxLsn, Incarnation, list);
        warnings = list;
        return snapshot is not null;
    }

    /// <summary>A scan and the read ranges it gives, swapped as one when <see cref="Verify"/> replaces the located scan.</summary>
    private sealed class View(DirectoryScan scan)
    {
        public DirectoryScan Scan { get; } = scan;

        public IReadOnlyList<SegmentRange> Ranges { get; } = [.. scan.Segments.Select(s =>
            new SegmentRange(s.Path, s.Header.BaseLsn, s.Header.Salt, s.Scan.ValidEnd, s.Scan.LastLsn, s.FramesVerified))];
    }
}
