namespace EsCni.Journal.Reading;

/// <summary>The readable part of one segment: frames in [64, EndOffset) holding LSNs BaseLsn..LastLsn.</summary>
/// <param name="Path">Full path of the segment file.</param>
/// <param name="BaseLsn">First LSN of the segment.</param>
/// <param name="Salt">The segment's salt.</param>
/// <param name="EndOffset">End of verified, durable frames.</param>
/// <param name="LastLsn">Last LSN in the range.</param>
internal readonly record struct SegmentRange(string Path, long BaseLsn, uint Salt, long EndOffset, long LastLsn);
