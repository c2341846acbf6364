using System.Diagnostics.CodeAnalysis;

namespace EsCni.Journal;

/// <summary>
/// What point-in-time queries read: a journal's records and snapshots, unchanging for as long as the caller uses it.
/// A <see cref="JournalReader"/> is one (a view of a directory as of its open, for the CLI and copies); inside the
/// daemon a <see cref="JournalReadLease"/> is one, so retention cannot delete a file the query is about to read.
/// </summary>
public interface IJournalHistory
{
    /// <summary>The journal's directory.</summary>
    public string Directory { get; }

    /// <summary>Lowest LSN readable.</summary>
    public long FirstLsn { get; }

    /// <summary>Highest LSN readable (0 when empty).</summary>
    public long LastLsn { get; }

    /// <summary>Records with <paramref name="afterLsn"/> &lt; LSN ≤ <paramref name="toLsn"/> (default <see cref="LastLsn"/>); payloads valid only during the callback. Returns the count.</summary>
    public long ReadAll(long afterLsn, Action<JournalRecord> onRecord, long? toLsn = null);

    /// <summary>As <see cref="ReadAll"/>, stopping at the first record <paramref name="onRecord"/> returns false for.</summary>
    public long ReadWhile(long afterLsn, Func<JournalRecord, bool> onRecord, long? toLsn = null);

    /// <summary>The newest verifying snapshot at or below <paramref name="maxLsn"/>; damaged ones are skipped and listed in <paramref name="warnings"/>.</summary>
    public bool TryReadNewestSnapshot(long maxLsn, [NotNullWhen(true)] out Snapshot? snapshot, out IReadOnlyList<string> warnings);
}
