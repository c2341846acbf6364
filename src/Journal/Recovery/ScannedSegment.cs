using EsCni.Journal.Format;

namespace EsCni.Journal.Recovery;

/// <summary>One segment file as found by <see cref="DirectoryScanner"/>.</summary>
/// <param name="Path">Full path.</param>
/// <param name="Header">The verified header.</param>
/// <param name="Scan">How its frames ended.</param>
internal sealed record ScannedSegment(string Path, SegmentHeader Header, SegmentScan Scan);
