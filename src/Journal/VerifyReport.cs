namespace EsCni.Journal;

/// <summary>What <see cref="JournalReader.Verify"/> found; the reader never repairs anything.</summary>
/// <param name="Segments">Segment files examined.</param>
/// <param name="FramesOk">Event frames that verified (in the readable prefix).</param>
/// <param name="FirstLsn">First readable LSN.</param>
/// <param name="LastLsn">Last LSN of the readable prefix.</param>
/// <param name="TornTail">True when the active segment ends in a torn, never-acknowledged batch (the writer will cut it).</param>
/// <param name="TornBytes">Bytes in that torn tail.</param>
/// <param name="Corruption">Damage that is not a torn tail (an appending open would refuse), or null.</param>
/// <param name="SnapshotWarnings">Snapshot files that did not verify.</param>
public sealed record VerifyReport(
    int Segments,
    long FramesOk,
    long FirstLsn,
    long LastLsn,
    bool TornTail,
    long TornBytes,
    CorruptionFinding? Corruption,
    IReadOnlyList<string> SnapshotWarnings)
{
    /// <summary>True when nothing but (at most) a torn tail was found.</summary>
    public bool IsIntact => Corruption is null;
}
