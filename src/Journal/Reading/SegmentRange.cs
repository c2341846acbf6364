namespace EsCni.Journal.Reading;

/// <summary>The readable part of one segment: frames in [64, EndOffset) holding LSNs BaseLsn..LastLsn.</summary>
/// <param name="Path">Full path of the segment file.</param>
/// <param name="BaseLsn">First LSN of the segment.</param>
/// <param name="Salt">The segment's salt.</param>
/// <param name="EndOffset">End of durable frames (just past the last Commit frame or the Seal).</param>
/// <param name="LastLsn">Last LSN in the range.</param>
/// <param name="FramesVerified">
/// True when every frame in the range verified at open or when it was written; false when only the Seal was
/// located (a read-only open), so a frame failing on read is corruption to report, not a file changed since.
/// </param>
internal readonly record struct SegmentRange(string Path, long BaseLsn, uint Salt, long EndOffset, long LastLsn, bool FramesVerified = true);
