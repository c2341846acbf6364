namespace EsCni.Journal.Format;

/// <summary>Bits of a frame's flags word.</summary>
[Flags]
internal enum FrameFlags : ushort
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>Last frame of a caller's batch: recovery keeps a batch only up to and including this frame.</summary>
    Commit = 1,

    /// <summary>Journal-internal frame (Seal); its LSN repeats the last event LSN.</summary>
    Control = 2,

    /// <summary>Last frame of one write + fdatasync; two of these after damage prove the damage is not a torn tail.</summary>
    SyncEnd = 4,
}
