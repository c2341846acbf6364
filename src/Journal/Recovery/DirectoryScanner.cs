using System.Runtime.ExceptionServices;

namespace EsCni.Journal.Recovery;

/// <summary>Reads the segments of a directory and checks the chain (headers, incarnation, base LSNs, seals); changes nothing.</summary>
/// <remarks>
/// Segments are read independently and in parallel (one worker per core, each with its own buffers), then the
/// chain is checked in base-LSN order exactly as a sequential scan would: the first failing segment is the
/// finding, later segments are dropped, and an error reading a later segment is never raised.
/// </remarks>
internal static partial class DirectoryScanner
{
    /// <summary>Lists the segment and temp files of <paramref name="directory"/>.</summary>
    public static SegmentListing List(IJournalFileSystem fs, string directory)
    {
        List<(long BaseLsn, string Path)> segments = [];
        List<string> temps = [];
        foreach (string name in fs.ListFiles(directory))
        {
            if (name.EndsWith(FileNames.TempSuffix, StringComparison.Ordinal))
            {
                temps.Add(name);
            }
            else if (FileNames.TryParseSegment(name, out long baseLsn))
            {
                segments.Add((baseLsn, Path.Combine(directory, name)));
            }
        }

        segments.Sort((a, b) => a.BaseLsn.CompareTo(b.BaseLsn));
        return new SegmentListing(segments, temps);
    }

    /// <summary>
    /// Verifies every frame of <paramref name="directory"/>; stops at the first corruption, keeping what precedes it.
    /// <paramref name="reportFrom"/> maps the LSN after the journal's end to the first LSN <paramref name="onEvent"/>
    /// needs (so recovery does not index ids it would evict at once); it must not decrease as its argument grows,
    /// because it is first applied to the last segment's base LSN (a lower bound of the end) to limit what is collected.
    /// </summary>
    public static DirectoryScan Scan(IJournalFileSystem fs, string directory, SegmentScanner.CommittedEvent? onEvent, Func<long, long>? reportFrom = null)
    {
        SegmentListing listing = List(fs, directory);
        var segments = listing.Segments;
        long collectFrom = onEvent is null ? long.MaxValue
            : segments.Count == 0 || reportFrom is null ? 0 : reportFrom(segments[^1].BaseLsn);
        var outcomes = new SegmentOutcome[segments.Count];
        ForEachSegment(segments.Count, (i, buffers) =>
            outcomes[i] = ReadSegment(fs, segments[i].Path, i == segments.Count - 1, locateOnly: false, collectFrom, buffers));
        DirectoryScan scan = Chain(listing, outcomes);
        if (onEvent is not null)
        {
            long feedFrom = reportFrom is null ? 0 : Math.Max(collectFrom, reportFrom(scan.LastLsn + 1));
            for (int i = 0; i < scan.Segments.Count; i++)
            {
                foreach ((Guid id, long lsn) in outcomes[i].Events ?? [])
                {
                    if (lsn >= feedFrom)
                    {
                        onEvent(id, lsn);
                    }
                }
            }
        }

        return scan;
    }

    /// <summary>
    /// The cheap read-only scan: every header, the Seal frame of every sealed segment (found from the file's
    /// end), and the whole last segment. A sealed segment whose Seal cannot be found is verified in full.
    /// </summary>
    public static SegmentOutcome[] Locate(IJournalFileSystem fs, SegmentListing listing)
    {
        var segments = listing.Segments;
        var outcomes = new SegmentOutcome[segments.Count];
        ForEachSegment(segments.Count, (i, buffers) =>
            outcomes[i] = ReadSegment(fs, segments[i].Path, i == segments.Count - 1, locateOnly: true, long.MaxValue, buffers));
        return outcomes;
    }

    /// <summary>Completes <paramref name="located"/>: verifies every frame of the segments whose Seal was only located.</summary>
    public static SegmentOutcome[] Verify(IJournalFileSystem fs, SegmentListing listing, IReadOnlyList<SegmentOutcome> located)
    {
        var segments = listing.Segments;
        var outcomes = new SegmentOutcome[segments.Count];
        ForEachSegment(segments.Count, (i, buffers) => outcomes[i] = located[i].FramesVerified
            ? located[i]
            : ReadSegment(fs, segments[i].Path, isLast: false, locateOnly: false, long.MaxValue, buffers));
        return outcomes;
    }

    /// <summary>Checks the chain in base-LSN order, as the README's crash rule 3 states it.</summary>
    public static DirectoryScan Chain(SegmentListing listing, IReadOnlyList<SegmentOutcome> outcomes)
    {
        var names = listing.Segments;
        List<ScannedSegment> segments = [];
        Guid incarnation = Guid.Empty;
        for (int i = 0; i < names.Count; i++)
        {
            SegmentOutcome outcome = outcomes[i];
            outcome.Error?.Throw();
            string path = names[i].Path;
            SegmentHeader header = outcome.Header;
            long expectedBase = segments.Count == 0 ? names[i].BaseLsn : segments[^1].Scan.LastLsn + 1;
            CorruptionFinding? finding = null;
            if (outcome.HeaderReason is not null)
            {
                finding = new CorruptionFinding(path, 0, expectedBase, outcome.HeaderReason);
            }
            else if (header.BaseLsn != names[i].BaseLsn || header.BaseLsn != expectedBase)
            {
                finding = new CorruptionFinding(path, 0, expectedBase,
                    $"the segment starts at LSN {header.BaseLsn} (file name says {names[i].BaseLsn}) but LSN {expectedBase} must come next: a segment is missing or foreign");
            }
            else if (segments.Count > 0 && header.Incarnation != incarnation)
            {
                finding = new CorruptionFinding(path, 0, expectedBase,
                    $"the segment belongs to journal incarnation {header.Incarnation}, not {incarnation}: it was copied in from another journal");
            }

            if (finding is not null)
            {
                return new DirectoryScan(segments, names.Count, listing.TempFiles, incarnation, finding);
            }

            incarnation = header.Incarnation;
            SegmentScan scan = outcome.Scan!;
            segments.Add(new ScannedSegment(path, header, scan, outcome.FramesVerified));
            if (scan.End == SegmentEnd.Corrupt)
            {
                return new DirectoryScan(segments, names.Count, listing.TempFiles, incarnation,
                    new CorruptionFinding(path, scan.BadOffset, scan.LastLsn + 1, scan.Reason));
            }
        }

        return new DirectoryScan(segments, names.Count, listing.TempFiles, incarnation, null);
    }

    /// <summary>Runs <paramref name="body"/> for each segment index, one worker per core, each with its own buffers.</summary>
    private static void ForEachSegment(int count, Action<int, ScanBuffers> body)
    {
        if (count <= 1 || Environment.ProcessorCount == 1)
        {
            var buffers = new ScanBuffers();
            for (int i = 0; i < count; i++)
            {
                body(i, buffers);
            }

            return;
        }

        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => new ScanBuffers(),
            (i, _, buffers) =>
            {
                body(i, buffers);
                return buffers;
            },
            _ => { });
    }
}
