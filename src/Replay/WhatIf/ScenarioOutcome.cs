using EsCni.Projections.WhatIf;

namespace EsCni.Replay.WhatIf;

/// <summary>What a scenario would have done over the window: the pool over time, ADDs that waited, EC2 calls.</summary>
/// <param name="Scenario">The settings replayed.</param>
/// <param name="Trace">The simulated pool over time.</param>
/// <param name="Calls">EC2 mutations it would have made, by action (failed ones included).</param>
/// <param name="FailedCalls">Of those, the ones the model failed (the journal's own failure rate).</param>
/// <param name="EnisCreated">ENIs it would have created.</param>
/// <param name="Waited">ADDs that found no free IP, in arrival order.</param>
public sealed record ScenarioOutcome(
    WhatIfScenario Scenario,
    PoolTrace Trace,
    IReadOnlyDictionary<string, int> Calls,
    IReadOnlyDictionary<string, int> FailedCalls,
    int EnisCreated,
    IReadOnlyList<WaitedAdd> Waited)
{
    /// <summary>Longest wait of an ADD, zero when none waited.</summary>
    public TimeSpan LongestWait => Waited.Count == 0 ? TimeSpan.Zero : Waited.Max(w => w.Wait);

    /// <summary>Sum of all waits.</summary>
    public TimeSpan TotalWait => TimeSpan.FromTicks(Waited.Sum(w => w.Wait.Ticks));

    /// <summary>All EC2 mutations.</summary>
    public int TotalCalls => Calls.Values.Sum();
}
