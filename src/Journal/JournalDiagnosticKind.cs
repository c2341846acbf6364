namespace EsCni.Journal;

/// <summary>Kinds of <see cref="JournalDiagnostic"/>.</summary>
public enum JournalDiagnosticKind
{
    /// <summary>An fdatasync took longer than <see cref="JournalOptions.SlowSyncThreshold"/>.</summary>
    SlowSync,

    /// <summary>Recovery cut a torn tail and saved it to a .broken file.</summary>
    TornTailCut,

    /// <summary>A snapshot file did not verify and is ignored.</summary>
    SnapshotIgnored,

    /// <summary>A segment was sealed and the next one started.</summary>
    SegmentRolled,

    /// <summary>Retention deleted segments.</summary>
    SegmentsDeleted,

    /// <summary>A write or fsync failed; the journal is now failed.</summary>
    Failed,

    /// <summary>The journal was opened for append and recovered (once per <see cref="Journal.OpenAsync"/>).</summary>
    Opened,
}
