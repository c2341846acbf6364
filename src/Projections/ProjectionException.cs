namespace EsCni.Projections;

/// <summary>A read model cannot be built from this journal (history deleted, nothing at that point); the message says what to do.</summary>
public class ProjectionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProjectionException()
    {
    }

    /// <summary>Creates the exception with a message naming the journal, the point asked for and what to do.</summary>
    public ProjectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the underlying failure.</summary>
    public ProjectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
