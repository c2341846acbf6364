namespace EsCni.Journal;

/// <summary>Where a journal is damaged beyond a torn tail.</summary>
/// <param name="File">Path of the damaged file.</param>
/// <param name="Offset">Byte offset of the first bad frame or header.</param>
/// <param name="Lsn">The LSN expected at that offset.</param>
/// <param name="Reason">What is wrong there.</param>
public sealed record CorruptionFinding(string File, long Offset, long Lsn, string Reason);
