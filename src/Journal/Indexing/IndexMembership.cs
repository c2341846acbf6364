namespace EsCni.Journal.Indexing;

/// <summary>Where a <see cref="SegmentIndexDefinition"/> files one record.</summary>
public enum IndexMembership
{
    /// <summary>No lookup needs it: left out of the index.</summary>
    None,

    /// <summary>Only lookups of the key the classifier returned need it.</summary>
    Key,

    /// <summary>Every lookup needs it, whatever the key (e.g. an event that can concern any key without naming one).</summary>
    EveryKey,
}

/// <summary>Files one record: <see cref="IndexMembership.Key"/> with its key in <paramref name="key"/>, or one of the others.</summary>
public delegate IndexMembership SegmentIndexClassifier(in JournalRecord record, out uint key);
