using EsCni.Domain.Invariants;
using EsCni.Journal;
using EsCni.Projections.Replay;

namespace EsCni.Projections.Audit;

/// <summary>What <see cref="JournalAudit.Run"/> found: frame integrity, invariant violations and undecodable events, each with its LSN.</summary>
/// <param name="Frames">The journal's own integrity report (torn tail, corruption, snapshots); nothing was repaired.</param>
/// <param name="EventsChecked">Events decoded and checked.</param>
/// <param name="Violations">Broken invariants, in LSN order.</param>
/// <param name="DecodeFailures">Records whose payload did not decode.</param>
/// <param name="Notes">Caveats about the check (e.g. history that starts after LSN 1).</param>
public sealed record AuditReport(VerifyReport Frames, long EventsChecked, IReadOnlyList<InvariantViolation> Violations, IReadOnlyList<DecodeFailure> DecodeFailures, IReadOnlyList<string> Notes)
{
    /// <summary>True when frames, events and invariants are all sound (a torn tail alone is not a fault: the writer cuts it).</summary>
    public bool IsClean => Frames.IsIntact && Violations.Count == 0 && DecodeFailures.Count == 0;
}
