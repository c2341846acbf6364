using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsCni.Domain;
using EsCni.Domain.Invariants;
using EsCni.Projections.Audit;
using EsCni.Projections.Replay;

namespace EsCni.Replay;

/// <summary><c>replay verify --journal DIR</c>: frame integrity and every domain invariant over the whole history; exit 0 clean, 1 findings, 2 unreadable.</summary>
/// <remarks>
/// Never repairs: a torn tail is reported (the daemon cuts it on its next start), the files are left exactly as found.
/// The who-had IP indexes are checked too; an unusable one is a warning (derived data), not a finding.
/// </remarks>
public static class VerifyCommand
{
    private static readonly JournalVerb s_verb = new();

    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr) =>
        s_verb.Command("verify", "Check frame integrity and every pool invariant over the whole journal; exit 0 clean, 1 with a report of each violation and its LSN, 2 when unreadable")
            .WithHandler(stdout, stderr, (r, o, e) => Run(s_verb.Directory(r), s_verb.Json(r), o));

    /// <summary>Audits the journal and prints the report.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = TrimmedPublish.OwnTypesKeptWhole)]
    public static int Run(string journal, bool json, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        JournalReader reader = ReplayOptions.Open(journal);
        AuditReport report = JournalAudit.Run(reader);
        SegmentIndexCheck indexes = SegmentIndexCheck.Run(reader);
        int exit = report.IsClean ? ReplayExitCodes.Ok : ReplayExitCodes.Findings;
        if (json)
        {
            VerifyReport f = report.Frames;
            JsonObject document = JsonSerializer.SerializeToNode(new
            {
                journal = reader.Directory,
                clean = report.IsClean,
                frames = new { f.Segments, f.FramesOk, f.FirstLsn, f.LastLsn, f.TornTail, f.TornBytes, f.Corruption, f.SnapshotWarnings },
                report.EventsChecked,
                report.Violations,
                report.DecodeFailures,
                report.Notes,
            }, ReplayJson.Document)!.AsObject();
            if (indexes.WorthReporting)
            {
                document["indexes"] = JsonSerializer.SerializeToNode(new { indexes.Sealed, indexes.Indexed, indexes.Missing, indexes.Warnings }, ReplayJson.Document);
            }

            ReplayJson.Write(stdout, document);
            return exit;
        }

        Write(reader, report, indexes, stdout);
        return exit;
    }

    private static void Write(JournalReader reader, AuditReport report, SegmentIndexCheck indexes, TextWriter stdout)
    {
        VerifyReport f = report.Frames;
        stdout.WriteLine($"journal {reader.Directory}");
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"frames: {f.Segments} segment file(s), {f.FramesOk} events verified, LSN {f.FirstLsn}..{f.LastLsn}"));
        if (f.TornTail)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"torn tail: {f.TornBytes} bytes after LSN {f.LastLsn} in the active segment (a batch that was never acknowledged); not repaired here, the daemon cuts it into a .broken file on its next start"));
        }

        if (f.Corruption is { } c)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"LSN {c.Lsn}: FrameIntegrity: {c.File} is damaged at offset {c.Offset}: {c.Reason}; events from LSN {c.Lsn} on cannot be read"));
        }

        foreach (string warning in f.SnapshotWarnings)
        {
            stdout.WriteLine($"snapshot warning: {warning}");
        }

        if (indexes.WorthReporting)
        {
            stdout.WriteLine(indexes.Summary(reader.Directory));
        }

        foreach (string warning in indexes.Warnings)
        {
            stdout.WriteLine($"index warning: {warning}");
        }

        foreach (string note in report.Notes)
        {
            stdout.WriteLine($"note: {note}");
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"invariants: {report.EventsChecked} events checked, {report.Violations.Count} violation(s)"));
        foreach (InvariantViolation v in report.Violations)
        {
            stdout.WriteLine(v.ToString());
        }

        foreach (DecodeFailure d in report.DecodeFailures)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"LSN {d.Lsn}: Undecodable: type {d.TypeId}: {d.Message}"));
        }

        stdout.WriteLine(report.IsClean ? "result: clean" : "result: FINDINGS (exit 1)");
    }
}
