using EsCni.Domain.Pool;

namespace EsCni.Domain.RuntimeGc;

/// <summary>An allocation the runtime GC decided to release, with the evidence that goes into its <see cref="IpReleased"/>.</summary>
/// <param name="Allocation">The allocation, as it was when the decision was made.</param>
/// <param name="Evidence">What the runtime's answers showed, for the journal and `replay who-had`.</param>
public sealed record GcRelease(Allocation Allocation, string Evidence)
{
    /// <summary>
    /// The command that releases exactly this allocation: pinned to its LSN, so a newer allocation of the same key
    /// (an ADD between the decision and the write) is left alone.
    /// </summary>
    public ReleaseIpByKey ToCommand(DateTimeOffset at, Cause cause) =>
        new(at, cause, Allocation.Key, ReleaseReason.RuntimeGc) { AllocatedLsn = Allocation.AllocatedLsn, Evidence = Evidence };
}
