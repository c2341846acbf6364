namespace EsCni.Journal.Recovery;

/// <summary>The result of scanning one segment.</summary>
/// <param name="End">How the segment ends.</param>
/// <param name="ValidEnd">Offset just past the last committed frame (or the Seal): appends resume here, a torn tail is cut from here.</param>
/// <param name="LastLsn">LSN of the last committed event (base LSN − 1 when there is none).</param>
/// <param name="EventCount">Committed event frames.</param>
/// <param name="DataEnd">Offset just past the last non-zero byte (8-aligned); equals ValidEnd for a clean end.</param>
/// <param name="BadOffset">For Corrupt and TornTail: offset of the first frame that did not verify.</param>
/// <param name="Reason">For Corrupt: what was found.</param>
internal sealed record SegmentScan(SegmentEnd End, long ValidEnd, long LastLsn, long EventCount, long DataEnd, long BadOffset, string Reason);
