namespace EsCni.Journal;

/// <summary>What opening the journal found and repaired.</summary>
/// <param name="Segments">Segment files after recovery.</param>
/// <param name="FirstLsn">Lowest LSN still on disk (1 until retention deletes segments; LastLsn + 1 when empty).</param>
/// <param name="LastLsn">Last durable LSN (0 for an empty journal).</param>
/// <param name="CreatedNew">True when the directory held no journal and a new one (new incarnation) was created.</param>
/// <param name="TornBytesCut">Bytes of a never-acknowledged last batch cut from the active segment (0 if none).</param>
/// <param name="BrokenFile">Where the cut bytes were saved, or null.</param>
/// <param name="TempFilesRemoved">Leftover *.tmp files deleted.</param>
/// <param name="SnapshotsFound">LSNs of snapshot files that verified.</param>
/// <param name="SnapshotWarnings">Snapshot files that did not verify, with the reason; they are ignored.</param>
/// <param name="Duration">Time recovery took.</param>
public sealed record RecoveryReport(
    int Segments,
    long FirstLsn,
    long LastLsn,
    bool CreatedNew,
    long TornBytesCut,
    string? BrokenFile,
    IReadOnlyList<string> TempFilesRemoved,
    IReadOnlyList<long> SnapshotsFound,
    IReadOnlyList<string> SnapshotWarnings,
    TimeSpan Duration);
