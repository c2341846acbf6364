namespace EsCni.Journal.Indexing;

/// <summary>Where one event frame sits in its segment file, and the LSN it must carry there (checked on every read).</summary>
/// <param name="Offset">Byte offset of the frame in the segment file.</param>
/// <param name="Lsn">The frame's LSN.</param>
public readonly record struct FrameLocation(long Offset, long Lsn);
