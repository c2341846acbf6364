namespace EsCni.Journal.Recovery;

/// <summary>The segment and temp files of a journal directory at one moment, segments in base-LSN order.</summary>
/// <param name="Segments">Base LSN (from the file name) and full path of every segment file.</param>
/// <param name="TempFiles">Leftover *.tmp names.</param>
internal sealed record SegmentListing(IReadOnlyList<(long BaseLsn, string Path)> Segments, IReadOnlyList<string> TempFiles);
