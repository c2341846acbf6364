namespace EsCni.Journal.Recovery;

/// <summary>One segment file as found by <see cref="DirectoryScanner"/>.</summary>
/// <param name="Path">Full path.</param>
/// <param name="Header">The verified header.</param>
/// <param name="Scan">How its frames ended.</param>
/// <param name="FramesVerified">
/// False when only the header and the Seal frame were read (<see cref="DirectoryScanner.Locate"/>): the frames
/// before the Seal are verified as they are read, or all at once by <see cref="DirectoryScanner.Verify"/>.
/// </param>
internal sealed record ScannedSegment(string Path, SegmentHeader Header, SegmentScan Scan, bool FramesVerified = true);
