using System.Globalization;

namespace EsCni.Journal.Format;

/// <summary>Names of the files in a journal directory (segments, snapshots, temp and broken files, LOCK).</summary>
/// <remarks>
/// Example: a journal whose first segment holds LSNs 1..84212 and second starts at 84213 contains
/// <c>00000000000000000001.seg</c>, <c>00000000000000084213.seg</c>, <c>snap-00000000000000080000.bin</c> and
/// <c>LOCK</c>. Twenty digits hold any u64 and sort lexically in LSN order (Kafka's convention).
/// </remarks>
internal static class FileNames
{
    /// <summary>The lock file held with flock by the one appending process.</summary>
    public const string Lock = "LOCK";

    /// <summary>Suffix of a segment file.</summary>
    public const string SegmentSuffix = ".seg";

    /// <summary>Suffix of a file still being prepared; leftovers are deleted at open.</summary>
    public const string TempSuffix = ".tmp";

    /// <summary>Prefix of a snapshot file.</summary>
    public const string SnapshotPrefix = "snap-";

    /// <summary>Suffix of a snapshot file.</summary>
    public const string SnapshotSuffix = ".bin";

    /// <summary>Marker inside the name of a file holding bytes cut off by tail repair.</summary>
    public const string BrokenMarker = ".broken-";

    private const int LsnDigits = 20;

    /// <summary>The segment file name for a base LSN, e.g. 00000000000000000001.seg.</summary>
    public static string Segment(long baseLsn) => baseLsn.ToString("D20", CultureInfo.InvariantCulture) + SegmentSuffix;

    /// <summary>The snapshot file name for an LSN, e.g. snap-00000000000000080000.bin.</summary>
    public static string Snapshot(long lsn) => SnapshotPrefix + lsn.ToString("D20", CultureInfo.InvariantCulture) + SnapshotSuffix;

    /// <summary>Name for bytes cut from <paramref name="file"/> at unix time <paramref name="unixMicros"/>.</summary>
    public static string Broken(string file, long unixMicros) => file + BrokenMarker + unixMicros.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses a segment file name; false for anything else (temp, broken, foreign files).</summary>
    public static bool TryParseSegment(string name, out long baseLsn)
        => TryParseLsn(name, string.Empty, SegmentSuffix, out baseLsn);

    /// <summary>Parses a snapshot file name; false for anything else.</summary>
    public static bool TryParseSnapshot(string name, out long lsn)
        => TryParseLsn(name, SnapshotPrefix, SnapshotSuffix, out lsn);

    private static bool TryParseLsn(string name, string prefix, string suffix, out long lsn)
    {
        lsn = 0;
        if (name.Length != prefix.Length + LsnDigits + suffix.Length
            || !name.StartsWith(prefix, StringComparison.Ordinal)
            || !name.EndsWith(suffix, StringComparison.Ordinal))
        {
            return false;
        }

        return long.TryParse(name.AsSpan(prefix.Length, LsnDigits), NumberStyles.None, CultureInfo.InvariantCulture, out lsn);
    }
}
