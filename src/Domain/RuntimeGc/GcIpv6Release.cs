using EsCni.Domain.Pool;

namespace EsCni.Domain.RuntimeGc;

/// <summary>An IPv6 allocation the runtime GC decided to release, with the evidence that goes into its <see cref="Ipv6Released"/>.</summary>
/// <param name="Allocation">The allocation, as it was when the decision was made.</param>
/// <param name="Evidence">What the runtime's answers showed, for the journal and `replay who-had`.</param>
public sealed record GcIpv6Release(Ipv6Allocation Allocation, string Evidence)
{
    /// <summary>
    /// The command that releases exactly this IPv6 allocation: narrowed to its address and pinned to its LSN, so a
    /// newer allocation of the same key (an ADD between the decision and the write) is left alone.
    /// </summary>
    public ReleaseIpByKey ToCommand(DateTimeOffset at, Cause cause) =>
        new(at, cause, Allocation.Key, ReleaseReason.RuntimeGc) { OnlyIpv6 = Allocation.Address, AllocatedLsn = Allocation.AllocatedLsn, Evidence = Evidence };
}
