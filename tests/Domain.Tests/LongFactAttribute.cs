using System;

namespace EsCni.Domain.Tests;

/// <summary>
/// A fact that only runs in the long (soak) suite, `./scripts/test.sh --long` (ESCNI_LONG=1). Otherwise xunit reports it
/// as skipped with this reason, so a short run never counts it as passed: xunit 2 decides skips at discovery, from the
/// attribute, and a test that returns early is green whether or not it checked anything.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LongFactAttribute : FactAttribute
{
    /// <summary>The variable that turns the long suite on, as scripts/test.sh --long sets it.</summary>
    public const string Variable = "ESCNI_LONG";

    public LongFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"long-only: set {Variable}=1 (./scripts/test.sh --long) to run it";
        }
    }
}
