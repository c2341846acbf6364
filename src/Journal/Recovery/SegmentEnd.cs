namespace EsCni.Journal.Recovery;

/// <summary>How a segment's written data ends, as decided by <see cref="SegmentScanner"/>.</summary>
internal enum SegmentEnd
{
    /// <summary>Ends with a valid Seal frame: the segment is complete.</summary>
    Sealed,

    /// <summary>The active segment ends cleanly: zeros after the last committed frame.</summary>
    Clean,

    /// <summary>The active segment ends in a torn, never-acknowledged last write, to be cut.</summary>
    TornTail,

    /// <summary>Damage that a crash cannot explain; the journal must not be opened for append.</summary>
    Corrupt,
}
