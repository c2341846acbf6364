namespace EsCni.Journal.Recovery;

/// <summary>Everything <see cref="DirectoryScanner"/> learned about a journal directory, without changing it.</summary>
/// <param name="Segments">The readable prefix of segments in LSN order (the damaged one included, up to its valid end).</param>
/// <param name="SegmentFiles">All segment files present.</param>
/// <param name="TempFiles">Leftover *.tmp names.</param>
/// <param name="Incarnation">The journal's incarnation id (empty when there are no segments).</param>
/// <param name="Corruption">Damage that is not a torn tail, or null.</param>
internal sealed record DirectoryScan(
    IReadOnlyList<ScannedSegment> Segments,
    int SegmentFiles,
    IReadOnlyList<string> TempFiles,
    Guid Incarnation,
    CorruptionFinding? Corruption)
{
    /// <summary>Last LSN of the readable prefix (0 when empty).</summary>
    public long LastLsn => Segments.Count == 0 ? 0 : Segments[^1].Scan.LastLsn;

    /// <summary>First LSN on disk (1 when empty).</summary>
    public long FirstLsn => Segments.Count == 0 ? 1 : Segments[0].Header.BaseLsn;

    /// <summary>The active (last) segment's scan when it ends in a torn tail, else null.</summary>
    public ScannedSegment? TornTail => Corruption is null && Segments.Count > 0 && Segments[^1].Scan.End == SegmentEnd.TornTail ? Segments[^1] : null;
}
