using EsCni.Projections.Ownership;

namespace EsCni.Projections.Pods;

/// <summary>The read model "which IPs did this pod or container have": allocations by pod (namespace/name), pod UID and container id.</summary>
public sealed class PodIndex
{
    private readonly IReadOnlyList<OwnershipInterval> _all;

    internal PodIndex(IReadOnlyList<OwnershipInterval> all)
    {
        _all = all;
    }

    /// <summary>Allocations of pods with this namespace and name (all incarnations of the name), by allocation LSN.</summary>
    public IReadOnlyList<OwnershipInterval> ForPod(string podNamespace, string podName) =>
        _all.Where(i => i.Pod.Namespace == podNamespace && i.Pod.Name == podName).ToList();

    /// <summary>Allocations of the pod with this UID.</summary>
    public IReadOnlyList<OwnershipInterval> ForPodUid(string uid) => _all.Where(i => i.Pod.Uid == uid).ToList();

    /// <summary>Allocations of a sandbox container id (CNI_CONTAINERID), exact or by unique prefix of at least 12 characters.</summary>
    public IReadOnlyList<OwnershipInterval> ForContainer(string containerId) =>
        _all.Where(i => i.Key.ContainerId == containerId || (containerId.Length >= 12 && i.Key.ContainerId.StartsWith(containerId, StringComparison.Ordinal))).ToList();

    /// <summary>Every pod (namespace/name) that had an allocation, sorted.</summary>
    public IReadOnlyList<string> Pods => _all.Select(i => i.Pod.ToString()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
