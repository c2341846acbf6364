using System.Globalization;
using EsCni.Domain.Invariants;
using EsCni.Journal;
using EsCni.Projections.Replay;

namespace EsCni.Projections.Audit;

/// <summary>Checks a whole journal: frame integrity from the Journal, then every Domain invariant over the readable history.</summary>
/// <remarks>
/// Read-only, like everything here: a torn tail is reported with its size and left for the daemon's next start to
/// cut; corruption is reported with file, offset and LSN, and the intact prefix before it is still checked.
/// </remarks>
public static class JournalAudit
{
    /// <summary>Runs the audit, feeding <paramref name="alongside"/> the same pass.</summary>
    public static AuditReport Run(JournalReader reader, params IReadOnlyList<IProjection> alongside)
    {
        ArgumentNullException.ThrowIfNull(reader);
        VerifyReport frames = reader.Verify();
        List<string> notes = [];
        if (reader.LastLsn > 0 && reader.FirstLsn > 1)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"history starts at LSN {reader.FirstLsn} (older segments were shipped and deleted): allocations made before it are unknown, so a release of one may be reported as ReleaseMatchesOwner"));
        }

        InvariantProjection invariants = new(new InvariantChecker(expectedFirstLsn: reader.LastLsn == 0 ? null : reader.FirstLsn));
        ReplayOutcome outcome = JournalReplay.Run(reader, ReplayRange.All, null, [invariants, .. alongside]);
        return new AuditReport(frames, outcome.EventsApplied, invariants.Checker.Violations, outcome.DecodeFailures, notes);
    }
}
