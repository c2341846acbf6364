namespace EsCni.Journal;

/// <summary>
/// Per-segment indexes (docs/journal-format.md §10): derived files beside the log, written for sealed segments, looked
/// up with every byte checked, and the random-access frame reads they lead to.
/// </summary>
/// <remarks>
/// An index is never trusted blindly: it must name the segment's base and last LSN, salt and incarnation, carry the
/// definition's fingerprint and pass its CRCs, and each frame it points at is verified again when read. Anything less
/// and the caller scans that segment as if there were no index. Writing indexes is the one thing a reader changes in
/// the directory, and only in its <c>index/</c> sub-directory, which the journal itself never reads.
/// </remarks>
public sealed partial class JournalReader
{
    /// <summary>The readable segments, oldest first.</summary>
    public IReadOnlyList<JournalSegment> Segments => [.. Volatile.Read(ref _view).Scan.Segments.Select(s => new JournalSegment(
        s.Path, s.Header.BaseLsn, s.Scan.LastLsn, s.Header.Salt, s.Header.Incarnation, s.Scan.ValidEnd, s.Scan.End == SegmentEnd.Sealed))];

    /// <summary>
    /// The frames of sealed <paramref name="segment"/> a lookup of <paramref name="key"/> must read, in LSN order, from its
    /// <paramref name="index"/> file; null with <paramref name="problem"/> ("missing" or what is wrong) when there is no usable one.
    /// </summary>
    public IReadOnlyList<FrameLocation>? TryLookup(JournalSegment segment, SegmentIndexDefinition index, uint key, out string problem)
    {
        List<FrameLocation>? found = null;
        problem = WithIndexFile(segment, index, file =>
        {
            found = SegmentIndexFiles.TryLookup(file, segment, index.Fingerprint, key, out string wrong);
            return found is null ? wrong : null;
        }) ?? string.Empty;
        return found;
    }

    /// <summary>What is wrong with <paramref name="segment"/>'s whole index file ("missing" when there is none), or null when it is usable.</summary>
    public string? CheckIndex(JournalSegment segment, SegmentIndexDefinition index) =>
        WithIndexFile(segment, index, file => SegmentIndexFiles.Check(file, segment, index.Fingerprint));

    /// <summary>Opens the index file of a sealed segment for <paramref name="use"/>; the problem when there is none or it cannot be read.</summary>
    private string? WithIndexFile(JournalSegment segment, SegmentIndexDefinition index, Func<IJournalFile, string?> use)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(index);
        string path = index.PathFor(segment);
        if (!segment.Sealed)
        {
            return "the segment is not sealed";
        }

        if (!File.Exists(path))
        {
            return "missing";
        }

        try
        {
            using IJournalFile file = _fs.Open(path, writable: false);
            return use(file);
        }
        catch (IOException ex)
        {
            return $"it cannot be read: {ex.Message}";
        }
    }

    /// <summary>
    /// Reads the frames at <paramref name="frames"/> of <paramref name="segment"/>, verifying each (CRC, salt, LSN);
    /// false at the first that does not verify — scan the segment instead. Payloads are valid only during the callback.
    /// </summary>
    public bool TryReadFrames(JournalSegment segment, IReadOnlyList<FrameLocation> frames, Action<JournalRecord> onRecord)
    {
        ArgumentNullException.ThrowIfNull(segment);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(onRecord);
        try
        {
            return FrameFetcher.TryRead(_fs, segment, frames, onRecord);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Writes the <paramref name="index"/> of every sealed segment whose index is missing or unusable (temp file, fsync,
    /// rename) and deletes index files of segments no longer present. Returns how many it wrote.
    /// </summary>
    /// <exception cref="JournalCorruptException">A sealed segment does not verify; its index is not written.</exception>
    public int WriteIndexes(SegmentIndexDefinition index, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(index);
        return WriteIndexes([index], ct);
    }

    /// <summary>
    /// As <see cref="WriteIndexes(SegmentIndexDefinition, CancellationToken)"/> for several kinds at once: a segment that
    /// needs more than one is read once for all of them. Returns how many files it wrote.
    /// </summary>
    /// <exception cref="JournalCorruptException">A sealed segment does not verify; its indexes are not written.</exception>
    public int WriteIndexes(IReadOnlyList<SegmentIndexDefinition> indexes, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(indexes);
        IReadOnlyList<JournalSegment> segments = Segments;
        string folder = Path.Combine(Directory, SegmentIndexFiles.Directory);
        _fs.CreateDirectory(folder);
        int written = 0;
        foreach (JournalSegment segment in segments.Where(s => s.Sealed))
        {
            ct.ThrowIfCancellationRequested();
            SegmentIndexDefinition[] unusable = [.. indexes.Where(index => CheckIndex(segment, index) is not null)];
            if (unusable.Length > 0)
            {
                Write(segment, unusable);
                written += unusable.Length;
            }
        }

        HashSet<string> wanted = [.. segments.SelectMany(segment => indexes.Select(index => index.PathFor(segment)))];
        foreach (string name in _fs.ListFiles(folder))
        {
            string path = Path.Combine(folder, name);
            bool ours = indexes.Any(index => name.EndsWith("." + index.Name, StringComparison.Ordinal));
            if ((ours && !wanted.Contains(path)) || name.EndsWith(FileNames.TempSuffix, StringComparison.Ordinal))
            {
                _fs.Delete(path); // retention deleted its segment, or a write was interrupted
            }
        }

        return written;
    }

    // One read of the segment files every record for each of the indexes.
    private void Write(JournalSegment segment, SegmentIndexDefinition[] indexes)
    {
        List<FrameLocation>[] every = [.. indexes.Select(_ => new List<FrameLocation>())];
        SortedDictionary<uint, List<FrameLocation>>[] keys = [.. indexes.Select(_ => new SortedDictionary<uint, List<FrameLocation>>())];
        SegmentRange range = new(segment.Path, segment.BaseLsn, segment.Salt, segment.EndOffset, segment.LastLsn, FramesVerified: false);
        using (SegmentReader reader = new(_fs, range, reuseBuffer: true))
        {
            while (reader.TryNext(out FrameHeader h, out ReadOnlyMemory<byte> payload))
            {
                JournalRecord record = new(h.Lsn, h.EventId, h.Type, h.TimestampMicros, payload);
                FrameLocation at = new(reader.FrameOffset, h.Lsn);
                for (int i = 0; i < indexes.Length; i++)
                {
                    switch (indexes[i].Classify(in record, out uint key))
                    {
                        case IndexMembership.EveryKey:
                            every[i].Add(at);
                            break;
                        case IndexMembership.Key when keys[i].TryGetValue(key, out List<FrameLocation>? list):
                            list.Add(at);
                            break;
                        case IndexMembership.Key:
                            keys[i][key] = [at];
                            break;
                    }
                }
            }
        }

        for (int i = 0; i < indexes.Length; i++)
        {
            string path = indexes[i].PathFor(segment), temp = path + FileNames.TempSuffix;
            using (IJournalFile file = _fs.Create(temp))
            {
                file.Write(0, SegmentIndexFiles.Encode(segment, indexes[i].Fingerprint, every[i], keys[i]));
                file.Sync();
            }

            _fs.Rename(temp, path);
        }

        _fs.SyncDirectory(Path.Combine(Directory, SegmentIndexFiles.Directory));
    }
}
