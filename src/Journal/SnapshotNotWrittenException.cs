namespace EsCni.Journal;

/// <summary>
/// A snapshot could not be written (typically the volume is full) before anything was synced; the journal is not
/// failed and keeps accepting appends. Free space and write the snapshot again.
/// </summary>
public sealed class SnapshotNotWrittenException : JournalException
{
    /// <summary>Creates the exception with a message and the underlying I/O error.</summary>
    public SnapshotNotWrittenException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SnapshotNotWrittenException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public SnapshotNotWrittenException()
    {
    }
}
