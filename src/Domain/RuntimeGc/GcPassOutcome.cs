namespace EsCni.Domain.RuntimeGc;

/// <summary>What one runtime GC pass made of the runtime's answer.</summary>
public enum GcPassOutcome
{
    /// <summary>The answer was used: absences counted, releases (if any) decided.</summary>
    Counted = 0,

    /// <summary>
    /// The answer lacked more than the allowed fraction of the allocations at once: counted, but every streak it
    /// touches now needs <see cref="RuntimeGcPolicy.SuspiciousFactor"/> times the confirmations.
    /// </summary>
    Suspicious = 1,

    /// <summary>The runtime did not answer: nothing counted and every streak starts over.</summary>
    RuntimeFailed = 2,

    /// <summary>The runtime listed no sandbox while allocations exist: refused as evidence and every streak starts over.</summary>
    EmptyAnswer = 3,
}
