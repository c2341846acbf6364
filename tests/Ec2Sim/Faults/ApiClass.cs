using System;

namespace EsCni.Ec2Sim.Faults;

/// <summary>EC2's request-rate classes: each has its own token bucket (non-mutating Describe* calls vs. mutating calls).</summary>
public static class ApiClass
{
    /// <summary>Non-mutating actions (Describe*).</summary>
    public const string Describe = "describe";

    /// <summary>Mutating actions (Create*, Attach*, Assign*, …).</summary>
    public const string Mutate = "mutate";

    /// <summary>The class of an EC2 action.</summary>
    public static string Of(string action) =>
        action.StartsWith("Describe", StringComparison.Ordinal) ? Describe : Mutate;
}
