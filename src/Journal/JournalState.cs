namespace EsCni.Journal;

/// <summary>Whether an appending <see cref="Journal"/> still accepts appends.</summary>
public enum JournalState
{
    /// <summary>Recovered and accepting appends.</summary>
    Open,

    /// <summary>A write or fsync failed; nothing more is appended (see <see cref="Journal.Failure"/>). Restart the process.</summary>
    Failed,

    /// <summary>Disposed.</summary>
    Disposed,
}
