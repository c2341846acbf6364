namespace EsCni.HostNetwork;

/// <summary>What the daemon's reconcile loop needs from host networking; <see cref="HostNetworkReconciler"/> is the real one.</summary>
public interface IHostNetworkReconciler
{
    /// <summary>Makes the host match <paramref name="desired"/> and says what it fixed and what it could not.</summary>
    /// <remarks>
    /// Pass every attached ENI, including one whose attach just completed: a prio-32765 rule whose source is
    /// no listed ENI's primary IP is treated as a detach leftover and removed.
    /// </remarks>
    /// <exception cref="HostCommandFailedException">Reading the host state failed (`ip` or `iptables` missing or broken).</exception>
    public Task<HostNetworkReconcileReport> ReconcileAsync(HostNetworkDesiredState desired, CancellationToken cancellationToken = default);
}
