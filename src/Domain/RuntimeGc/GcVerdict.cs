namespace EsCni.Domain.RuntimeGc;

/// <summary>The result of one runtime GC pass.</summary>
/// <param name="Outcome">How the runtime's answer was treated.</param>
/// <param name="Releases">Allocations to release now (at most the policy's cap); empty unless the answer was counted.</param>
/// <param name="Absent">Allocations whose sandbox this answer lacked (0 when the answer was refused).</param>
/// <param name="Deferred">Allocations that met the rules but were left for a later pass by the cap.</param>
/// <param name="Explanation">One sentence for the log: what was seen and why nothing (or this much) is released.</param>
public sealed record GcVerdict(GcPassOutcome Outcome, IReadOnlyList<GcRelease> Releases, int Absent, int Deferred, string Explanation)
{
    /// <summary>IPv6 allocations to release now, within the same cap as <see cref="Releases"/>.</summary>
    public IReadOnlyList<GcIpv6Release> Ipv6Releases { get; init; } = [];
}
