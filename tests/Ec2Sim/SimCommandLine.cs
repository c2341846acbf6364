using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.IO;
using System.Linq;
using EsCni.Ec2Sim.Model;

namespace EsCni.Ec2Sim;

/// <summary>Parses the simulator's command line into <see cref="SimOptions"/> with System.CommandLine, reporting every problem at once.</summary>
public static class SimCommandLine
{
    /// <summary>The usage text printed with errors.</summary>
    public const string Usage =
        "usage: EsCni.Ec2Sim --port N [--scenario FILE] [--node-netns NAME] [--throttle-rate R] [--error-rate R] [--latency-ms N] [--seed N]";

    private static readonly Option<int> s_port = new("--port")
    {
        Description = "TCP port on 127.0.0.1; 0 picks a free one",
        CustomParser = r => Whole(r, "--port", 0, 65535, "is not a port; use 0 (any free port) to 65535."),
    };

    private static readonly Option<string> s_scenario = new("--scenario") { Description = "JSON file with the world to simulate" };
    private static readonly Option<string> s_nodeNetns = new("--node-netns") { Description = "network namespace made to look like the instance" };
    private static readonly Option<double> s_throttleRate = new("--throttle-rate") { CustomParser = r => Rate(r, "--throttle-rate") };
    private static readonly Option<double> s_errorRate = new("--error-rate") { CustomParser = r => Rate(r, "--error-rate") };

    private static readonly Option<int> s_latencyMs = new("--latency-ms")
    {
        CustomParser = r => Whole(r, "--latency-ms", 0, int.MaxValue, "is not a whole number of milliseconds, 0 or more."),
    };

    private static readonly Option<int> s_seed = new("--seed")
    {
        Description = "seed for generated ids and rate-based faults (any whole number); random each run when unset",
        CustomParser = r => Whole(r, "--seed", int.MinValue, int.MaxValue, "is not a whole number; use any integer, e.g. 42."),
    };

    private static readonly RootCommand s_root = Root();

    /// <summary>Parses <paramref name="args"/>; on failure <paramref name="errors"/> names each bad flag and value.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out SimOptions options, out List<string> errors)
    {
        // System.CommandLine takes whatever follows a flag as its value, even another flag: `--port --seed 5` would
        // make '--seed' the port. A flag followed by a flag (or by nothing) has no value; say so and parse the rest.
        List<string> tokens = [];
        List<string> withoutValue = [];
        for (int i = 0; i < args.Count; i++)
        {
            if (IsFlag(args[i]) && (i + 1 == args.Count || IsFlag(args[i + 1])))
            {
                withoutValue.Add(args[i]);
                continue;
            }

            tokens.Add(args[i]);
        }

        ParseResult parsed = s_root.Parse(tokens, new ParserConfiguration { ResponseFileTokenReplacer = null });
        errors = [.. withoutValue.Select(flag => $"{flag} needs a value; usage: {Usage["usage: ".Length..]}")];
        errors.AddRange(parsed.Errors.Select(e => e.Message));
        errors.AddRange(parsed.UnmatchedTokens.Select(t => t.StartsWith('-') ? $"unknown flag '{t}'." : $"unexpected argument '{t}'; every value follows its flag."));
        if (parsed.GetResult(s_port) is null && !withoutValue.Contains(s_port.Name))
        {
            errors.Add("--port is required; use --port 0 for any free port.");
        }

        options = new SimOptions();
        if (errors.Count > 0)
        {
            return false;
        }

        options = new SimOptions
        {
            Port = parsed.GetValue(s_port),
            NodeNetns = parsed.GetValue(s_nodeNetns),
            Seed = parsed.GetResult(s_seed) is null ? null : parsed.GetValue(s_seed),
            Faults = new() { ThrottleRate = parsed.GetValue(s_throttleRate), ErrorRate = parsed.GetValue(s_errorRate), LatencyMs = parsed.GetValue(s_latencyMs) },
        };
        if (parsed.GetValue(s_scenario) is { } scenario)
        {
            try
            {
                options = options with { Scenario = Scenario.Load(scenario) };
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                errors.Add($"--scenario {scenario}: {e.Message}");
            }
        }

        return errors.Count == 0;
    }

    private static bool IsFlag(string token) => s_root.Options.Any(o => o.Name == token);

    private static RootCommand Root()
    {
        var root = new RootCommand("EC2 and IMDS simulator the real AWS SDK talks to") { TreatUnmatchedTokensAsErrors = false };
        foreach (Option option in new Option[] { s_port, s_scenario, s_nodeNetns, s_throttleRate, s_errorRate, s_latencyMs, s_seed })
        {
            root.Options.Add(option);
        }

        return root;
    }

    private static double Rate(ArgumentResult result, string flag)
    {
        string value = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) && rate >= 0 && rate <= 1)
        {
            return rate;
        }

        result.AddError($"{flag} '{value}' is not a probability; use a number from 0 to 1, e.g. 0.3.");
        return 0;
    }

    private static int Whole(ArgumentResult result, string flag, int min, int max, string problem)
    {
        string value = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max)
        {
            return n;
        }

        result.AddError($"{flag} '{value}' {problem}");
        return 0;
    }
}
