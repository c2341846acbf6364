namespace EsCni.Projections.Replay;

/// <summary>The journal's <c>VERSION</c> file names a release newer than this build reads, or cannot be read; the message names both releases and what to run.</summary>
public sealed class JournalVersionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JournalVersionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public JournalVersionException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>For serializers.</summary>
    public JournalVersionException()
    {
    }
}
