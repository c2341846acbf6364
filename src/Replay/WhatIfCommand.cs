using System.CommandLine;
using EsCni.Projections;
using EsCni.Projections.Replay;
using EsCni.Projections.WhatIf;
using EsCni.Replay.WhatIf;

namespace EsCni.Replay;

/// <summary>
/// <c>replay what-if --journal DIR [--from T] [--to T] --scenario NAME:K=V,K=V … [--set K=V …] [--plot FILE]</c>: the node's
/// recorded demand replayed under other warm-pool settings, next to what actually happened.
/// </summary>
/// <remarks>The simulation is <see cref="WhatIfSimulation"/>; what it models and what it does not is in docs/tuning.md.</remarks>
public static class WhatIfCommand
{
    private static readonly Option<string> s_journal = ReplayOptions.Journal().OptionalWithPostgres();
    private static readonly Option<string> s_postgres = ClusterReplayOptions.Postgres();
    private static readonly Option<string> s_node = new("--node") { Description = "With --postgres: only this node (NODE_NAME, or its instance id); default every node" };
    private static readonly Option<bool> s_json = ReplayOptions.Json();
    private static readonly Option<string> s_from = ReplayOptions.Time("--from", "Start of the window (default: the daemon's first start)");
    private static readonly Option<string> s_to = ReplayOptions.Time("--to", "End of the window (default: the last event)");
    private static readonly Option<string[]> s_scenario = new("--scenario")
    {
        Description = "A named settings set, NAME:K=V,K=V (repeat for more), e.g. lean:WARM_IP_TARGET=3,MINIMUM_IP_TARGET=10; keys: "
            + string.Join(", ", WhatIfScenario.Keys),
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<string[]> s_set = new("--set") { Description = "One setting K=V of a single settings set named 'set' (repeat for more keys)" };
    private static readonly Option<string> s_plot = new("--plot") { Description = "Write an SVG of free / allocated / held IPs over time, actual vs each settings set, ADDs with no free IP marked" };

    /// <summary>Builds the verb.</summary>
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        Command command = new("what-if", "Replay the recorded ADD/DEL demand under other warm-pool settings: waits, EC2 calls, IPs held, idle IP-hours, ENIs")
        {
            s_journal, s_postgres, s_node, s_json, s_from, s_to, s_scenario, s_set, s_plot,
        };
        return command.WithHandler(stdout, stderr, async (r, o, e, ct) =>
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            IReadOnlyList<WhatIfScenario> scenarios = ScenariosOf(r.GetValue(s_scenario) ?? [], r.GetValue(s_set) ?? []);
            DateTimeOffset? from = ReplayOptions.ParseTime(r, s_from, now);
            DateTimeOffset? to = ReplayOptions.ParseTime(r, s_to, now);
            if (from >= to)
            {
                throw new ReplayUsageException("--from must be before --to");
            }

            if (await ClusterReplayOptions.DispatchAsync(r, s_journal, s_postgres, e,
                    pg => ClusterWhatIf.RunAsync(pg, r.GetValue(s_node), from, to, scenarios, r.GetValue(s_json), r.GetValue(s_plot), o, ct)).ConfigureAwait(false) is { } exit)
            {
                return exit;
            }

            if (r.GetValue(s_node) is not null)
            {
                throw new ReplayUsageException("--node goes with --postgres; a journal is one node already");
            }

            return Run(r.GetValue(s_journal)!, from, to, scenarios, r.GetValue(s_json), r.GetValue(s_plot), o);
        });
    }

    /// <summary>Replays the journal's window under each scenario and prints the comparison; writes the plot when asked.</summary>
    public static int Run(string journal, DateTimeOffset? from, DateTimeOffset? to, IReadOnlyList<WhatIfScenario> scenarios, bool json, string? plot, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        ArgumentNullException.ThrowIfNull(stdout);
        JournalReader reader = ReplayOptions.Open(journal);
        RecordedNodeProjection projection = new(from, to);
        JournalReplay.Run(reader, ReplayRange.All, null, projection);
        RecordedNode recorded;
        try
        {
            recorded = projection.Build();
        }
        catch (ProjectionException ex)
        {
            throw new ReplayUsageException(ex.Message, ex); // the journal reads fine; the window asked for cannot be replayed
        }

        List<ScenarioOutcome> outcomes = scenarios.Select(s => WhatIfSimulation.Run(recorded, s)).ToList();
        if (plot is not null)
        {
            WhatIfPlot.Write(plot, recorded.Node.InstanceId, recorded.Actual, outcomes);
        }

        if (json)
        {
            ReplayJson.Write(stdout, WhatIfReport.ToJson(recorded, outcomes));
            return ReplayExitCodes.Ok;
        }

        WhatIfReport.WriteTable(recorded, outcomes, stdout);
        if (plot is not null)
        {
            stdout.WriteLine();
            stdout.WriteLine($"plot written to {Path.GetFullPath(plot)}");
        }

        return ReplayExitCodes.Ok;
    }

    /// <summary>The scenarios to replay: each --scenario, then the --set pairs as one named "set"; names must differ.</summary>
    public static IReadOnlyList<WhatIfScenario> ScenariosOf(IReadOnlyList<string> named, IReadOnlyList<string> set)
    {
        ArgumentNullException.ThrowIfNull(named);
        ArgumentNullException.ThrowIfNull(set);
        List<WhatIfScenario> scenarios = named.Select(WhatIfScenario.ParseNamed).ToList();
        if (set.Count > 0)
        {
            scenarios.Add(WhatIfScenario.Parse("set", set));
        }

        if (scenarios.Count == 0)
        {
            throw new ReplayUsageException("give at least one settings set: --scenario NAME:K=V,K=V (repeatable) or --set K=V (repeatable)");
        }

        if (scenarios.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ReplayUsageException($"scenario name '{twice.Key}' is used twice; give each --scenario its own name");
        }

        return scenarios;
    }
}
