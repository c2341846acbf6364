using EsCni.ContainerRuntime;
using EsCni.ContainerRuntime.Cri;

namespace EsCni.Ipamd.RuntimeGc;

/// <summary>The runtime GC's view of the node's pod sandboxes, asked of the container runtime over CRI (<c>ListPodSandbox</c>).</summary>
/// <remarks>
/// No filter, every state: a NOTREADY sandbox is a pod the runtime still knows, and the GC's rules treat only a
/// missing one as evidence. A failure is thrown as is: the loop counts the pass as "no answer", never as "no pods".
/// </remarks>
internal sealed class CriPodSandboxSource(string socketPath) : IPodSandboxSource, IDisposable
{
    private readonly CriRuntimeClient _client = new(socketPath);

    /// <inheritdoc />
    public async Task<IReadOnlyList<LiveSandbox>> ListAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<PodSandbox> sandboxes = await _client.ListPodSandboxAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return sandboxes
            .Select(s => new LiveSandbox(
                s.Id,
                s.Metadata?.Namespace ?? string.Empty,
                s.Metadata?.Name ?? string.Empty,
                s.Metadata?.Uid ?? string.Empty,
                s.State == PodSandboxState.SandboxReady))
            .ToArray();
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
