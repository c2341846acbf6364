using System.CommandLine;
using EsCni.Projections.Ownership;

namespace EsCni.Replay;

/// <summary>
/// <c>replay index --journal DIR</c>: writes the who-had indexes (<c>.ipv4</c>, <c>.ipv6</c>) of every sealed segment that lacks a usable one (and
/// removes those of deleted segments) — what the daemon does after each seal and at start, for a journal copied off a
/// node or written by an older build. Touches only the journal's <c>index/</c> sub-directory.
/// </summary>
public static class IndexCommand
{
    private static readonly JournalVerb s_verb = new();

    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr) =>
        s_verb.Command("index", "Write the who-had IP index of every sealed segment lacking a usable one (derived files under DIR/index/; the daemon writes them itself)")
            .WithHandler(stdout, stderr, (r, o, e) => Run(s_verb.Directory(r), s_verb.Json(r), o));

    /// <summary>Writes the missing or unusable indexes and reports the result.</summary>
    public static int Run(string journal, bool json, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        JournalReader reader = ReplayOptions.Open(journal);
        int written = reader.WriteIndexes(OwnershipIndexes.All);
        SegmentIndexCheck check = SegmentIndexCheck.Run(reader);
        if (json)
        {
            ReplayJson.Write(stdout, new { journal = reader.Directory, written, check.Sealed, check.Indexed });
        }
        else
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"journal {reader.Directory}: {written} index file(s) written; {check.Indexed} of {check.Sealed} sealed segment(s) indexed"));
        }

        return ReplayExitCodes.Ok;
    }
}
