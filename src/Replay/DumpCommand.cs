using System.CommandLine;
using EsCni.Projections;
using EsCni.Projections.Replay;

namespace EsCni.Replay;

/// <summary><c>replay dump --journal DIR [--from-lsn N] [--to-lsn M]</c>: events one per line (<c>--json</c> = JSON Lines).</summary>
public static class DumpCommand
{
    private static readonly JournalVerb s_verb = new(new Option<bool>("--json") { Description = "Print JSON Lines: one event object per line" });
    private static readonly Option<long?> s_fromLsn = new("--from-lsn") { Description = "First LSN to print (default: the first)" };
    private static readonly Option<long?> s_toLsn = new("--to-lsn") { Description = "Last LSN to print (default: the last)" };

    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr) =>
        s_verb.Command("dump", "Print events one per line (LSN, time, type, cause, details), or JSON Lines with --json", s_fromLsn, s_toLsn)
            .WithHandler(stdout, stderr, (r, o, e) => Run(s_verb.Directory(r), r.GetValue(s_fromLsn), r.GetValue(s_toLsn), s_verb.Json(r), o));

    /// <summary>Prints the events in the range.</summary>
    public static int Run(string journal, long? fromLsn, long? toLsn, bool json, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        if (fromLsn < 1 || toLsn < 1 || (fromLsn is not null && toLsn is not null && toLsn < fromLsn))
        {
            throw new ReplayUsageException(string.Create(CultureInfo.InvariantCulture,
                $"--from-lsn {fromLsn} --to-lsn {toLsn} is not a range; LSNs start at 1 and --to-lsn must not be below --from-lsn"));
        }

        JournalReader reader = ReplayOptions.Open(journal);
        Printer printer = new(stdout, json);
        ReplayOutcome outcome = JournalReplay.Run(reader, new ReplayRange((fromLsn ?? 1) - 1, toLsn), null, printer);
        foreach (DecodeFailure d in outcome.DecodeFailures)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# LSN {d.Lsn}: type {d.TypeId} does not decode: {d.Message}"));
        }

        return ReplayExitCodes.Ok;
    }

    /// <summary>Writes each event as it is replayed, so a dump of millions of events streams instead of piling up.</summary>
    private sealed class Printer(TextWriter stdout, bool json) : IProjection
    {
        public void Apply(in RecordedEvent recorded)
        {
            if (json)
            {
                stdout.WriteLine(ReplayJson.Event(recorded, ReplayJson.Lines).ToJsonString(ReplayJson.Lines));
                return;
            }

            DomainEvent e = recorded.Event;
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{recorded.Lsn} {ReplayFormat.Time(e.At)} {e.GetType().Name} [{ReplayFormat.Cause(e.Cause)}] {EventText.Describe(e)}"));
        }
    }
}
