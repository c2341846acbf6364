namespace EsCni.Domain.Events;

/// <summary>Why an allocation ended.</summary>
public enum ReleaseReason : byte
{
    /// <summary>CNI DEL for the key.</summary>
    CniDel = 0,

    /// <summary>CNI GC found the key no longer valid.</summary>
    CniGc = 1,

    /// <summary>The plugin failed to set up the pod network after ADD and gave the IP back.</summary>
    SetupFailed = 2,

    /// <summary>The reconciler found the allocation dead (after quarantine and evidence).</summary>
    Reconcile = 3,

    /// <summary>An operator released it.</summary>
    Operator = 4,

    /// <summary>
    /// A CNI DEL that could not reach the daemon: the plugin spooled it on the node and the daemon applied it later
    /// (at start, on its periodic scan, or before an ADD of the same key).
    /// </summary>
    DeferredDel = 5,

    /// <summary>
    /// The container runtime no longer lists the key's pod sandbox (CRI ListPodSandbox), over enough consecutive
    /// answers and long enough (<see cref="RuntimeGc.AbsentSandboxes"/>); <see cref="IpReleased.Evidence"/> says what was seen.
    /// </summary>
    RuntimeGc = 6,
}
