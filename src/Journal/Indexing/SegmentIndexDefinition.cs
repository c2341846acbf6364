namespace EsCni.Journal.Indexing;

/// <summary>
/// A per-segment index the caller defines: the journal stores opaque 32-bit keys and knows nothing of what they mean
/// (the daemon's is an IPv4 address). See docs/journal-format.md §10 for the file layout.
/// </summary>
/// <param name="Name">File suffix, lower-case letters and digits: <c>index/&lt;segment&gt;.&lt;name&gt;</c>.</param>
/// <param name="Fingerprint">
/// Changes whenever <paramref name="Classify"/> would file any record differently (e.g. a new event type that can end an
/// ownership); an index written under another fingerprint is stale and is neither used nor kept.
/// </param>
/// <param name="Classify">Files each record of a sealed segment.</param>
public sealed record SegmentIndexDefinition(string Name, uint Fingerprint, SegmentIndexClassifier Classify)
{
    /// <summary>Where the index of <paramref name="segment"/> lives: a sub-directory the journal's own scans never look into.</summary>
    public string PathFor(JournalSegment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(segment.Path)!, SegmentIndexFiles.Directory,
            System.IO.Path.GetFileName(segment.Path) + "." + Name);
    }
}
