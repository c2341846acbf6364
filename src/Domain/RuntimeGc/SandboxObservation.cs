namespace EsCni.Domain.RuntimeGc;

/// <summary>One question to the container runtime: the sandboxes it listed, or that it failed to answer.</summary>
/// <remarks>
/// <see cref="ObservedAt"/> is when the question was <em>asked</em>, not when the answer came: an allocation made
/// after that moment may belong to a sandbox the runtime was still creating, so the answer proves nothing about it
/// (see <see cref="AbsentSandboxes"/>).
/// </remarks>
public sealed record SandboxObservation
{
    private SandboxObservation(DateTimeOffset observedAt, IReadOnlyList<ObservedSandbox>? sandboxes, string? failure)
    {
        ObservedAt = observedAt;
        Sandboxes = sandboxes ?? [];
        Failure = failure;
    }

    /// <summary>When the list was asked for.</summary>
    public DateTimeOffset ObservedAt { get; }

    /// <summary>The sandboxes listed; empty when the runtime failed.</summary>
    public IReadOnlyList<ObservedSandbox> Sandboxes { get; }

    /// <summary>Why the runtime gave no answer (unreachable, timed out, an error status), or null when it answered.</summary>
    public string? Failure { get; }

    /// <summary>True when the runtime answered.</summary>
    public bool Answered => Failure is null;

    /// <summary>The runtime answered with these sandboxes.</summary>
    public static SandboxObservation Listed(DateTimeOffset observedAt, IReadOnlyList<ObservedSandbox> sandboxes)
    {
        ArgumentNullException.ThrowIfNull(sandboxes);
        return new SandboxObservation(observedAt, sandboxes, null);
    }

    /// <summary>The runtime did not answer.</summary>
    public static SandboxObservation Failed(DateTimeOffset observedAt, string failure)
    {
        ArgumentException.ThrowIfNullOrEmpty(failure);
        return new SandboxObservation(observedAt, null, failure);
    }
}
