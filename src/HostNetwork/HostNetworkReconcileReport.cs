namespace EsCni.HostNetwork;

/// <summary>The outcome of one reconcile pass: what was repaired and what could not be.</summary>
/// <param name="Corrections">Everything found wrong and fixed, in the order fixed.</param>
/// <param name="Problems">What could not be fixed this pass (an ENI whose link has not appeared, a failed command), each a sentence saying what to do.</param>
public sealed record HostNetworkReconcileReport(IReadOnlyList<HostNetworkCorrection> Corrections, IReadOnlyList<string> Problems)
{
    /// <summary>True when the host already matched the desired state and nothing failed.</summary>
    public bool IsClean => Corrections.Count == 0 && Problems.Count == 0;
}
