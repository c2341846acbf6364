namespace EsCni.Ipamd.RuntimeGc;

/// <summary>The container runtime's list of pod sandboxes (CRI <c>ListPodSandbox</c>, no filter): what the runtime GC compares the journal with.</summary>
/// <remarks>
/// Every sandbox the runtime knows, in any state: an answer that leaves some out is what the GC's rules guard
/// against, but a source must not filter on purpose (READY only, say), or live pods' IPs look abandoned.
/// </remarks>
public interface IPodSandboxSource
{
    /// <summary>Lists every pod sandbox the runtime knows.</summary>
    /// <exception cref="Exception">Any failure (socket absent, runtime not ready, an error status, a timeout): the pass counts as "no answer".</exception>
    public Task<IReadOnlyList<LiveSandbox>> ListAsync(CancellationToken cancellationToken);
}
