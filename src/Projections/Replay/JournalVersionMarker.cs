using System.Globalization;
using EsCni.Domain.Codec;
using EsCni.Domain.Pool;

namespace EsCni.Projections.Replay;

/// <summary>
/// The <c>VERSION</c> file in the journal directory: the release that last opened the journal for writing and the
/// newest event schema and snapshot format it may have written. A release refuses a journal whose file names a schema
/// or format newer than it reads — a downgrade would fail on the first newer event, or worse, skip a snapshot and
/// rebuild a pool without allocations whose segments were already deleted.
/// </summary>
/// <remarks>
/// <code>
/// # written by escni-ipamd at every start; an older release refuses this journal (docs/operations.md, "Downgrades")
/// release=0.2.0
/// event-schema=2
/// snapshot-format=2
/// </code>
/// <c>snapshot-format</c> is the newest format the journal may hold, not the newest this build reads: 2 while the pool
/// has no IPv6 state, raised to 3 (<see cref="NodePoolSnapshot.Ipv6FormatVersion"/>) after a recovery that finds IPv6
/// state and before the first format-3 snapshot is stored (<see cref="RaiseSnapshotFormat"/>), and never lowered
/// again. So a build from before IPv6 refuses an IPv6 node's journal here, while IPv4 nodes stay downgradable.
/// Unknown keys are ignored, so later releases can add some. EsCni 0.1 wrote no such file and never reads it: it refuses
/// a 0.2 journal by itself, at the first event of schema version 2 (docs/operations.md).
/// </remarks>
public static class JournalVersionMarker
{
    /// <summary>The file name inside the journal directory.</summary>
    public const string FileName = "VERSION";

    /// <summary>The newest event schema version this build writes (the highest of every type's current version).</summary>
    public static int EventSchema { get; } = Enumerable.Range(0, ushort.MaxValue + 1).Select(id => EventSchemas.CurrentVersion((ushort)id)).Max();

    /// <summary>Throws when the journal in <paramref name="directory"/> was written by a release newer than this one; then records this release.</summary>
    /// <exception cref="JournalVersionException">The marker names a newer schema or format, or cannot be read; the message names both releases.</exception>
    public static void CheckAndRecord(string directory)
    {
        string path = Path.Combine(directory, FileName);
        int snapshotFormat = NodePoolSnapshot.FormatVersion;
        if (File.Exists(path))
        {
            snapshotFormat = Math.Max(snapshotFormat, Check(path, File.ReadAllLines(path), ThisBuild, DowngradeAdvice));
        }

        Record(path, snapshotFormat);
    }

    /// <summary>
    /// Records that the journal in <paramref name="directory"/> may now hold snapshots of <paramref name="snapshotFormat"/>
    /// (call before storing the first one); a marker already naming it or a newer one is left as it is.
    /// </summary>
    /// <exception cref="JournalVersionException">The marker names a schema or format newer than this build reads, or cannot be read.</exception>
    public static void RaiseSnapshotFormat(string directory, int snapshotFormat)
    {
        string path = Path.Combine(directory, FileName);
        int recorded = File.Exists(path) ? Check(path, File.ReadAllLines(path), ThisBuild, DowngradeAdvice) : 0;
        if (snapshotFormat > recorded)
        {
            Record(path, snapshotFormat);
        }
    }

    /// <summary>
    /// What a read-only reader (the replay CLI) should say about the journal in <paramref name="directory"/>: null when
    /// its <c>VERSION</c> is absent or not newer than this build, else a sentence naming both releases.
    /// </summary>
    public static string? DescribeNewer(string directory) => DescribeNewer(directory, ThisBuild);

    /// <summary><see cref="DescribeNewer(string)"/> as a build reading up to <paramref name="reader"/> would answer (tests stand in for an older release with it).</summary>
    internal static string? DescribeNewer(string directory, ReaderLimits reader)
    {
        string path = Path.Combine(directory, FileName);
        try
        {
            if (File.Exists(path))
            {
                Check(path, File.ReadAllLines(path), reader, release => $"events this CLI cannot read are skipped and listed where the verb lists skipped records; use escni-ipamd {release} or newer to read them");
            }

            return null;
        }
        catch (JournalVersionException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The newest event schema and snapshot format a build reads.</summary>
    internal readonly record struct ReaderLimits(int EventSchema, int SnapshotFormat);

    private static ReaderLimits ThisBuild => new(EventSchema, NodePoolSnapshot.NewestFormatVersion);

    private static string DowngradeAdvice(string release) => $"a downgrade is refused so no allocation is lost: run escni-ipamd {release} or newer on this node";

    // Returns the recorded snapshot format when the reader reads it.
    private static int Check(string path, string[] lines, ReaderLimits reader, Func<string, string> advice)
    {
        Dictionary<string, string> values = lines
            .Where(l => !l.StartsWith('#') && l.Contains('=', StringComparison.Ordinal))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.Ordinal);
        string release = values.GetValueOrDefault("release", "unknown");
        if (!TryRead(values, "event-schema", out int eventSchema) || !TryRead(values, "snapshot-format", out int snapshotFormat))
        {
            throw new JournalVersionException($"{path} (release {release}) has no readable event-schema or snapshot-format line; "
                + $"it was not written by escni-ipamd {EventCodec.Release} or older. Run the release that wrote it, or restore the file.");
        }

        if (eventSchema > reader.EventSchema || snapshotFormat > reader.SnapshotFormat)
        {
            throw new JournalVersionException(string.Create(CultureInfo.InvariantCulture,
                $"the journal in {Path.GetDirectoryName(path)} was written by escni-ipamd {release} (event schema {eventSchema}, snapshot format {snapshotFormat}), "
                + $"newer than this escni-ipamd {EventCodec.Release} (event schema {reader.EventSchema}, snapshot format {reader.SnapshotFormat}) reads; {advice(release)}"));
        }

        return snapshotFormat;
    }

    private static bool TryRead(Dictionary<string, string> values, string key, out int value)
    {
        value = 0;
        return values.TryGetValue(key, out string? text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static void Record(string path, int snapshotFormat)
    {
        string text = string.Create(CultureInfo.InvariantCulture,
            $"# written by escni-ipamd at every start; an older release refuses this journal (docs/operations.md, \"Downgrades\")\nrelease={EventCodec.Release}\nevent-schema={EventSchema}\nsnapshot-format={snapshotFormat}\n");
        if (File.Exists(path) && File.ReadAllText(path) == text)
        {
            return;
        }

        // temp → fsync → rename. The directory is not fsynced: the file is rewritten at every start, and a rename lost
        // in a crash leaves the previous marker, which names an older or equal release and so refuses nothing new.
        string temp = path + ".tmp";
        using (FileStream file = new(temp, FileMode.Create, FileAccess.Write))
        {
            file.Write(System.Text.Encoding.UTF8.GetBytes(text));
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
