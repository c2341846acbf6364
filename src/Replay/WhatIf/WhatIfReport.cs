using EsCni.Projections.WhatIf;

namespace EsCni.Replay.WhatIf;

/// <summary>Prints one node's what-if: the actual pool next to each scenario, as a table or JSON.</summary>
/// <remarks>
/// Rows are the questions an operator tunes by (did pods wait? how many EC2 calls? how many addresses sat idle?) and
/// columns the settings, so the columns read left to right as "what happened" → "what would have".
/// The actual column cannot say which ADDs waited: a refused ADD is not journaled, so that cell says so.
/// </remarks>
public static class WhatIfReport
{
    private const int MaxListedWaits = 200; // JSON lists each waited ADD; a runaway scenario lists its first 200 and the count

    /// <summary>The JSON document for one node.</summary>
    public static object ToJson(RecordedNode recorded, IReadOnlyList<ScenarioOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(outcomes);
        return new
        {
            node = new { recorded.Node.InstanceId, recorded.Node.InstanceType, recorded.Node.MaxEnis, recorded.Node.IpsPerEni, ipCooldownSeconds = recorded.Node.IpCooldown.TotalSeconds, subnet = recorded.PrimaryEni.SubnetId },
            window = new { recorded.Start, recorded.End, recorded.ColdStart, adds = recorded.Adds, dels = recorded.Demand.Count - recorded.Adds, liveAtStart = recorded.LiveAtStart.Count },
            ec2Model = recorded.Ec2.All().Select(b => new { b.Api, latencyMs = b.Latency.TotalMilliseconds, b.FailureRate, b.FailureCode, b.Observed }),
            actual = new
            {
                waitedAdds = (int?)null,
                calls = recorded.ActualCalls,
                totalCalls = recorded.ActualCalls.Values.Sum(),
                peakHeld = recorded.Actual.PeakHeld,
                meanHeld = Math.Round(recorded.Actual.MeanHeld, 2),
                idleIpHours = Math.Round(recorded.Actual.IdleIpHours, 2),
                peakEnis = recorded.Actual.PeakEnis,
                enisCreated = recorded.ActualEnisCreated,
            },
            scenarios = outcomes.Select(o => new
            {
                name = o.Scenario.Name,
                settings = o.Scenario.Describe(),
                waitedAdds = o.Waited.Count,
                neverServed = o.Waited.Count(w => !w.Served),
                longestWaitSeconds = o.LongestWait.TotalSeconds,
                totalWaitSeconds = o.TotalWait.TotalSeconds,
                waits = o.Waited.Take(MaxListedWaits).Select(w => new { w.At, pod = w.Key.ContainerId, waitSeconds = w.Wait.TotalSeconds, w.Served }),
                calls = o.Calls,
                failedCalls = o.FailedCalls,
                totalCalls = o.TotalCalls,
                peakHeld = o.Trace.PeakHeld,
                meanHeld = Math.Round(o.Trace.MeanHeld, 2),
                idleIpHours = Math.Round(o.Trace.IdleIpHours, 2),
                peakEnis = o.Trace.PeakEnis,
                enisCreated = o.EnisCreated,
            }),
        };
    }

    /// <summary>Writes the header lines and the comparison table.</summary>
    public static void WriteTable(RecordedNode recorded, IReadOnlyList<ScenarioOutcome> outcomes, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(stdout);
        stdout.WriteLine(I($"node {recorded.Node.InstanceId} ({recorded.Node.InstanceType}: {recorded.Node.MaxEnis} ENIs x {recorded.Node.IpsPerEni} IPv4, cooldown {recorded.Node.IpCooldown.TotalSeconds:0} s), subnet {recorded.PrimaryEni.SubnetId}"));
        string start = recorded.ColdStart ? "from the daemon's first start (cold)" : I($"{recorded.LiveAtStart.Count} pods live at the start (each scenario starts at its own steady state)");
        stdout.WriteLine(I($"window {ReplayFormat.Time(recorded.Start)} to {ReplayFormat.Time(recorded.End)} ({ReplayFormat.Duration(recorded.End - recorded.Start)}): {recorded.Adds} ADDs, {recorded.Demand.Count - recorded.Adds} DELs, {start}"));
        stdout.WriteLine("EC2 as this journal recorded it: " + string.Join(", ", recorded.Ec2.All().Select(b =>
            b.Observed == 0 ? I($"{Short(b.Api)} {b.Latency.TotalMilliseconds:0} ms (default, never called)") : I($"{Short(b.Api)} {b.Latency.TotalMilliseconds:0} ms, {b.FailureRate:0.#%} failed of {b.Observed}"))));
        stdout.WriteLine();

        TextTable table = new(["", "actual", .. outcomes.Select(o => o.Scenario.Name)]);
        table.Add(["settings", "(as run)", .. outcomes.Select(o => o.Scenario.Describe())]);
        table.Add(["ADDs with no free IP", "not journaled", .. outcomes.Select(o => N(o.Waited.Count))]);
        table.Add(["  longest wait", "-", .. outcomes.Select(o => o.Waited.Count == 0 ? "-" : ReplayFormat.Duration(o.LongestWait))]);
        table.Add(["  total wait", "-", .. outcomes.Select(o => o.Waited.Count == 0 ? "-" : ReplayFormat.Duration(o.TotalWait))]);
        table.Add(["  never got an IP", "-", .. outcomes.Select(o => N(o.Waited.Count(w => !w.Served)))]);
        table.Add(["EC2 calls", N(recorded.ActualCalls.Values.Sum()), .. outcomes.Select(o => N(o.TotalCalls))]);
        foreach (string api in Ec2Behaviour.Apis)
        {
            table.Add(["  " + api, N(recorded.ActualCalls.GetValueOrDefault(api)), .. outcomes.Select(o => Calls(o, api))]);
        }

        table.Add(["peak IPs held", N(recorded.Actual.PeakHeld), .. outcomes.Select(o => N(o.Trace.PeakHeld))]);
        table.Add(["mean IPs held", I($"{recorded.Actual.MeanHeld:0.0}"), .. outcomes.Select(o => I($"{o.Trace.MeanHeld:0.0}"))]);
        table.Add(["idle IP-hours", I($"{recorded.Actual.IdleIpHours:0.0}"), .. outcomes.Select(o => I($"{o.Trace.IdleIpHours:0.0}"))]);
        table.Add(["peak ENIs attached", N(recorded.Actual.PeakEnis), .. outcomes.Select(o => N(o.Trace.PeakEnis))]);
        table.Add(["ENIs created", N(recorded.ActualEnisCreated), .. outcomes.Select(o => N(o.EnisCreated))]);
        table.WriteTo(stdout);
    }

    private static string Calls(ScenarioOutcome outcome, string api)
    {
        int calls = outcome.Calls.GetValueOrDefault(api);
        int failed = outcome.FailedCalls.GetValueOrDefault(api);
        return failed == 0 ? N(calls) : I($"{calls} ({failed} failed)");
    }

    private static string Short(string api) => api.Replace("NetworkInterface", "Eni", StringComparison.Ordinal).Replace("PrivateIpAddresses", "Ips", StringComparison.Ordinal);

    private static string N(long value) => ReplayFormat.Number(value);

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
