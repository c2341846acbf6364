namespace EsCni.Journal;

/// <summary>A verified snapshot: an opaque blob that reflects every event up to and including <paramref name="Lsn"/>.</summary>
/// <param name="Lsn">The last LSN folded into the blob.</param>
/// <param name="Blob">The bytes given to <see cref="Journal.WriteSnapshotAsync"/>.</param>
/// <param name="File">Path of the snapshot file.</param>
/// <param name="CreatedMicros">Unix microseconds when it was written.</param>
public sealed record Snapshot(long Lsn, ReadOnlyMemory<byte> Blob, string File, long CreatedMicros);
