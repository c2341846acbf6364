namespace EsCni.Journal;

/// <summary>Another open journal (usually another process) holds the directory's LOCK.</summary>
public sealed class JournalLockedException : JournalException
{
    /// <summary>Creates the exception naming the lock file and the pid written in it.</summary>
    public JournalLockedException(string lockFile, string holderPid)
        : base($"journal lock {lockFile} is held by pid {(holderPid.Length == 0 ? "(unknown)" : holderPid)}; only one process may append. "
            + "Stop that process (a second daemon pod on the node?) or read the journal with JournalReader, which needs no lock")
    {
        LockFile = lockFile;
        HolderPid = holderPid;
    }

    /// <summary>Path of the LOCK file.</summary>
    public string LockFile { get; }

    /// <summary>The pid recorded by the holder, or empty when unknown.</summary>
    public string HolderPid { get; }
}
