namespace EsCni.Journal;

/// <summary>A write or fsync failed; the journal is failed for good (an fsync is never retried). Restart the process.</summary>
public sealed class JournalFailedException : JournalException
{
    /// <summary>Creates the exception with a message and the underlying I/O error.</summary>
    public JournalFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public JournalFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public JournalFailedException()
    {
    }
}
