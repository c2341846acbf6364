using EsCni.Journal;
using EsCni.Projections.Replay;
using EsCni.Projections.WhatIf;
using EsCni.Replay.WhatIf;

namespace EsCni.Replay.Tests.WhatIf;

/// <summary>
/// The model's honesty check (docs/tuning.md "How far to trust it"): replaying a day under the settings that were in
/// force reproduces what the journal recorded, within the stated tolerances.
/// </summary>
/// <remarks>
/// The journals come from bench/ReplayGenerator's DayStory, a separate model of the daemon (100 ms time steps, random
/// EC2 latencies and throttles, kubelet retries) driving the real NodePool and WarmPoolPolicy, so agreement is not
/// the simulation agreeing with itself.
/// </remarks>
public sealed class WhatIfSelfCheckTests(DayJournalFixture day) : IClassFixture<DayJournalFixture>
{
    [Fact]
    public void Run_IpTargetsInForce_ReproducesCallsAndPoolWithinTolerance()
    {
        RecordedNode recorded = Record(day.IpMode);
        ScenarioOutcome asRun = WhatIfSimulation.Run(recorded, new WhatIfScenario("as-run", DayJournalFixture.IpTargets, null, WhatIfScenario.DefaultLoopInterval));

        Assert.True(recorded.ColdStart);
        Assert.True(recorded.Adds > 400, $"a day has hundreds of ADDs, got {recorded.Adds}");
        foreach (string api in Ec2Behaviour.Apis)
        {
            int actual = recorded.ActualCalls.GetValueOrDefault(api);
            int simulated = asRun.Calls.GetValueOrDefault(api);
            Assert.True(Math.Abs(simulated - actual) <= 2 + (actual * 0.05), $"{api}: actual {actual}, simulated {simulated} (tolerance 5 % + 2)");
        }

        Assert.InRange(asRun.Trace.PeakHeld, recorded.Actual.PeakHeld - 2, recorded.Actual.PeakHeld + 2);
        Assert.InRange(asRun.Trace.MeanHeld, recorded.Actual.MeanHeld * 0.97, recorded.Actual.MeanHeld * 1.03);
        Assert.InRange(asRun.Trace.IdleIpHours, recorded.Actual.IdleIpHours * 0.95, recorded.Actual.IdleIpHours * 1.05);
        Assert.Equal(recorded.Actual.PeakEnis, asRun.Trace.PeakEnis);
        Assert.InRange(asRun.EnisCreated, recorded.ActualEnisCreated - 1, recorded.ActualEnisCreated + 1);
        Assert.InRange(asRun.Waited.Count, 0, day.IpStory.RefusedAdds + 2);
    }

    [Fact]
    public void Run_WarmEniTargetInForce_ReproducesAddressesHeldWithinTolerance()
    {
        // With WARM_ENI_TARGET the pool grows and shrinks by whole ENIs, and whether an ENI empties out (and is
        // detached) hangs on which ENI each pod landed on: ENI call counts are not reproduced, addresses held are.
        RecordedNode recorded = Record(day.EniMode);
        ScenarioOutcome asRun = WhatIfSimulation.Run(recorded, WhatIfScenario.Parse("as-run", ["WARM_ENI_TARGET=1"]));

        Assert.Equal(recorded.Actual.PeakHeld, asRun.Trace.PeakHeld);
        Assert.InRange(asRun.Trace.MeanHeld, recorded.Actual.MeanHeld * 0.94, recorded.Actual.MeanHeld * 1.06);
        Assert.InRange(asRun.Trace.IdleIpHours, recorded.Actual.IdleIpHours * 0.9, recorded.Actual.IdleIpHours * 1.1);
        Assert.Equal(recorded.Actual.PeakEnis, asRun.Trace.PeakEnis);
    }

    [Fact]
    public void Run_LeanerAndRoomierSettings_TradeWaitsAgainstIdleAddresses()
    {
        RecordedNode recorded = Record(day.IpMode);
        ScenarioOutcome lean = WhatIfSimulation.Run(recorded, WhatIfScenario.Parse("lean", ["WARM_IP_TARGET=1"]));
        ScenarioOutcome roomy = WhatIfSimulation.Run(recorded, WhatIfScenario.Parse("roomy", ["WARM_ENI_TARGET=2"]));

        Assert.NotEmpty(lean.Waited);
        Assert.All(lean.Waited, w => Assert.True(w.Wait > TimeSpan.Zero));
        Assert.True(lean.Trace.IdleIpHours < recorded.Actual.IdleIpHours / 2, $"lean idle {lean.Trace.IdleIpHours:0.0} vs actual {recorded.Actual.IdleIpHours:0.0}");
        Assert.Empty(roomy.Waited);
        Assert.True(roomy.Trace.IdleIpHours > recorded.Actual.IdleIpHours, $"roomy idle {roomy.Trace.IdleIpHours:0.0} vs actual {recorded.Actual.IdleIpHours:0.0}");
        Assert.True(lean.TotalCalls > roomy.TotalCalls, "a lean pool calls EC2 for nearly every pod");
    }

    [Fact]
    public void Run_WindowFromMidDay_StartsWarmWithThePodsLiveThen()
    {
        RecordedNode recorded = Record(day.IpMode, from: DayJournalFixture.Noon, to: DayJournalFixture.Noon.AddHours(2));
        ScenarioOutcome asRun = WhatIfSimulation.Run(recorded, new WhatIfScenario("as-run", DayJournalFixture.IpTargets, null, WhatIfScenario.DefaultLoopInterval));

        Assert.False(recorded.ColdStart);
        Assert.NotEmpty(recorded.LiveAtStart);
        Assert.Equal(recorded.LiveAtStart.Count, asRun.Trace.Points[0].Allocated);
        Assert.True(asRun.Trace.Points[0].Free >= 5, "the warm start brings the pool to WARM_IP_TARGET before the first ADD");
        Assert.Equal(DayJournalFixture.Noon.AddHours(2), asRun.Trace.End);
    }

    internal static RecordedNode Record(string directory, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        RecordedNodeProjection projection = new(from, to);
        JournalReplay.Run(JournalReader.Open(directory), ReplayRange.All, null, projection);
        return projection.Build();
    }
}
