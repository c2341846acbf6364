namespace EsCni.Replay;

/// <summary>The arguments parse but do not make sense together (e.g. --at with --lsn); printed with the verb's usage, exit 64.</summary>
public sealed class ReplayUsageException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ReplayUsageException()
    {
    }

    /// <summary>Creates the exception with a message naming the argument, its value and what to pass instead.</summary>
    public ReplayUsageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ReplayUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
