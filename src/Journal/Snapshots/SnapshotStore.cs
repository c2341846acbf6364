namespace EsCni.Journal.Snapshots;

/// <summary>Snapshot files in the journal directory: atomic write, verified read, keep-newest-two pruning.</summary>
internal static class SnapshotStore
{
    /// <summary>Snapshots kept after a write; the older one is the fallback when the newest is damaged.</summary>
    public const int Keep = 2;

    /// <summary>Snapshot LSNs present by file name, newest first.</summary>
    public static List<long> ListLsns(IJournalFileSystem fs, string directory)
    {
        List<long> lsns = [];
        foreach (string name in fs.ListFiles(directory))
        {
            if (FileNames.TryParseSnapshot(name, out long lsn))
            {
                lsns.Add(lsn);
            }
        }

        lsns.Sort((a, b) => b.CompareTo(a));
        return lsns;
    }

    /// <summary>
    /// Writes a snapshot. Atomic steps: write to <c>snap-….bin.tmp</c> → fsync → rename → fsync the directory;
    /// then, when <paramref name="prune"/>, delete all but the newest <see cref="Keep"/> and fsync the directory again.
    /// </summary>
    /// <exception cref="SnapshotNotWrittenException">Creating or writing the temp file failed (typically ENOSPC).</exception>
    /// <exception cref="IOException">An fsync, the rename or a deletion failed: the caller must fail the journal.</exception>
    public static void Write(IJournalFileSystem fs, string directory, Guid incarnation, long lsn, long nowMicros, ReadOnlySpan<byte> blob, bool prune = true)
    {
        string path = Path.Combine(directory, FileNames.Snapshot(lsn));
        string temp = path + FileNames.TempSuffix;
        using (IJournalFile file = WriteTemp(fs, directory, temp, lsn, SnapshotCodec.Encode(incarnation, lsn, nowMicros, blob)))
        {
            file.Sync();                   // step 1: contents durable under the temp name
        }

        fs.Rename(temp, path);             // step 2: the snapshot appears whole or not at all
        fs.SyncDirectory(directory);       // step 3: the name is durable
        List<long> lsns = prune ? ListLsns(fs, directory) : [];
        if (lsns.Count > Keep)
        {
            for (int i = Keep; i < lsns.Count; i++)
            {
                fs.Delete(Path.Combine(directory, FileNames.Snapshot(lsns[i])));
            }

            fs.SyncDirectory(directory);
        }
    }

    /// <summary>
    /// The snapshot's bytes under the temp name, not yet synced. A failure here touched no file of the log and no
    /// fsync has failed, so the temp file is removed and the journal carries on: a missing snapshot costs replay
    /// time at the next start, while failing the journal would stop a node whose preallocated segment still has room.
    /// </summary>
    private static IJournalFile WriteTemp(IJournalFileSystem fs, string directory, string temp, long lsn, byte[] bytes)
    {
        IJournalFile? file = null;
        try
        {
            file = fs.Create(temp);
            file.Write(0, bytes);
            return file;
        }
        catch (IOException ex)
        {
            string cleanup = string.Empty;
            if (file is not null)
            {
                file.Dispose();
                cleanup = TryDelete(fs, temp);
            }

            throw new SnapshotNotWrittenException(
                $"snapshot at LSN {lsn} not written to {directory}: {ex.Message}{cleanup}. The journal is unaffected (every event is still in its segments); free space on that volume and the next snapshot will be written",
                ex);
        }
    }

    private static string TryDelete(IJournalFileSystem fs, string temp)
    {
        try
        {
            fs.Delete(temp);
            return string.Empty;
        }
        catch (IOException ex)
        {
            return $" (its temp file {temp} could not be removed either: {ex.Message}; the next open removes it)";
        }
    }

    /// <summary>The newest snapshot at or below <paramref name="maxLsn"/> that verifies; bad ones are added to <paramref name="warnings"/>.</summary>
    public static Snapshot? ReadNewest(IJournalFileSystem fs, string directory, long maxLsn, Guid incarnation, List<string> warnings)
    {
        foreach (long lsn in ListLsns(fs, directory))
        {
            if (lsn > maxLsn)
            {
                continue;
            }

            Snapshot? snapshot = TryRead(fs, directory, lsn, incarnation, out string? warning);
            if (snapshot is not null)
            {
                return snapshot;
            }

            warnings.Add(warning!);
        }

        return null;
    }

    /// <summary>Reads and verifies one snapshot file.</summary>
    public static Snapshot? TryRead(IJournalFileSystem fs, string directory, long lsn, Guid incarnation, out string? warning)
    {
        string path = Path.Combine(directory, FileNames.Snapshot(lsn));
        byte[] bytes;
        try
        {
            using IJournalFile file = fs.Open(path, writable: false);
            bytes = new byte[file.Length];
            file.Read(0, bytes);
        }
        catch (IOException ex)
        {
            warning = $"snapshot {path} could not be read ({ex.Message}); it is ignored";
            return null;
        }

        if (!SnapshotCodec.TryDecode(bytes, out Guid fileIncarnation, out long fileLsn, out long created, out string reason))
        {
            warning = $"snapshot {path} is ignored: {reason}; the older snapshot or a full replay is used instead";
            return null;
        }

        if (fileLsn != lsn || (incarnation != Guid.Empty && fileIncarnation != incarnation))
        {
            warning = $"snapshot {path} is ignored: it is for LSN {fileLsn} of incarnation {fileIncarnation}, not LSN {lsn} of {incarnation}";
            return null;
        }

        warning = null;
        return new Snapshot(lsn, bytes.AsMemory(SnapshotCodec.HeaderBytes), path, created);
    }
}
