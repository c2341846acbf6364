namespace EsCni.Projections.Enis;

/// <summary>Everything the journal says about one ENI (or one create attempt that never produced an ENI id).</summary>
/// <param name="EniId">The ENI id, or null for a create that failed or is still pending.</param>
/// <param name="ClientToken">The CreateNetworkInterface ClientToken, when the ENI was created by EsCni.</param>
/// <param name="SubnetId">Its subnet, when known.</param>
/// <param name="DeviceIndex">Device index of its latest attachment, when attached at least once.</param>
/// <param name="Phase">Where it is now.</param>
/// <param name="Steps">Its events in LSN order.</param>
public sealed record EniLifecycle(string? EniId, string? ClientToken, string? SubnetId, int? DeviceIndex, EniPhase Phase, IReadOnlyList<EniStep> Steps)
{
    /// <summary>ENI id, or "create:&lt;ClientToken&gt;" when no id was ever recorded.</summary>
    public string Name => EniId ?? $"create:{ClientToken}";

    /// <summary>Time of the first step with this event name, or null.</summary>
    public DateTimeOffset? FirstAt(string eventName) => Steps.FirstOrDefault(s => s.Event == eventName)?.At;
}
