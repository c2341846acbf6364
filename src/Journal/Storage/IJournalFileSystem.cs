namespace EsCni.Journal.Storage;

/// <summary>
/// Every file-system call the journal makes; the seam where tests inject crashes (a fake keeps durable and
/// written-but-unsynced bytes apart). Implementations throw <see cref="System.IO.IOException"/> on failure.
/// </summary>
internal interface IJournalFileSystem
{
    /// <summary>Creates the directory (and parents) if it is missing.</summary>
    public void CreateDirectory(string directory);

    /// <summary>File names (not paths) in <paramref name="directory"/>.</summary>
    public IReadOnlyList<string> ListFiles(string directory);

    /// <summary>Creates a new empty file, replacing one of the same name.</summary>
    public IJournalFile Create(string path);

    /// <summary>Opens an existing file for reading and, when <paramref name="writable"/>, writing.</summary>
    public IJournalFile Open(string path, bool writable);

    /// <summary>Removes a directory entry.</summary>
    public void Delete(string path);

    /// <summary>Atomically renames <paramref name="from"/> over <paramref name="to"/>.</summary>
    public void Rename(string from, string to);

    /// <summary>fsync of the directory itself, making creations, renames and deletions durable.</summary>
    public void SyncDirectory(string directory);

    /// <summary>Takes the exclusive journal lock or throws <see cref="JournalLockedException"/>.</summary>
    public IDisposable Lock(string directory);
}
