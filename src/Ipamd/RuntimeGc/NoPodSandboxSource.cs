namespace EsCni.Ipamd.RuntimeGc;

/// <summary>Stands in when the runtime GC is off (no CRI socket, ESCNI_CRI_GC=false): the loop sees it, logs <see cref="Reason"/> once and stops.</summary>
/// <remarks>Listing throws rather than answering empty, so even a caller that ignored the type could not read "no pods" into it.</remarks>
public sealed class NoPodSandboxSource : IPodSandboxSource
{
    /// <summary>Why there is no runtime to ask.</summary>
    public NoPodSandboxSource(string reason)
    {
        Reason = reason;
    }

    /// <summary>Why the runtime GC is off, for the log.</summary>
    public string Reason { get; }

    /// <inheritdoc />
    public Task<IReadOnlyList<LiveSandbox>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromException<IReadOnlyList<LiveSandbox>>(new InvalidOperationException($"no container runtime to ask: {Reason}"));
}
