namespace EsCni.Journal;

/// <summary>Base of every error the journal raises on purpose.</summary>
public class JournalException : Exception
{
    /// <summary>Creates the exception with a message that names the problem and what to do.</summary>
    public JournalException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public JournalException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public JournalException()
    {
    }
}
