namespace EsCni.Journal;

/// <summary>One segment file of a journal as a reader sees it: what a per-segment index is built from and checked against.</summary>
/// <param name="Path">Full path of the segment file.</param>
/// <param name="BaseLsn">Its first LSN.</param>
/// <param name="LastLsn">Its last readable LSN (base − 1 when it holds no event).</param>
/// <param name="Salt">The random salt in its header and every frame: a segment rewritten with the same LSNs has another.</param>
/// <param name="Incarnation">The journal's incarnation id.</param>
/// <param name="EndOffset">End of its readable frames.</param>
/// <param name="Sealed">True when it ends with a Seal frame: it will never change again, so an index of it stays true.</param>
public sealed record JournalSegment(string Path, long BaseLsn, long LastLsn, uint Salt, Guid Incarnation, long EndOffset, bool Sealed);
