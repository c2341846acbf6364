using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using EsCni.Ec2Sim.Model;

namespace EsCni.Ec2Sim;

/// <summary>Parses the simulator's command line into <see cref="SimOptions"/>, reporting every problem at once.</summary>
public static class SimCommandLine
{
    /// <summary>The usage text printed with errors.</summary>
    public const string Usage =
        "usage: EsCni.Ec2Sim --port N [--scenario FILE] [--node-netns NAME] [--throttle-rate R] [--error-rate R] [--latency-ms N] [--seed N]";

    /// <summary>Parses <paramref name="args"/>; on failure <paramref name="errors"/> names each bad flag and value.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out SimOptions options, out List<string> errors)
    {
        errors = [];
        options = new SimOptions();
        bool sawPort = false;
        for (int i = 0; i < args.Count; i++)
        {
            string flag = args[i];
            string? value = i + 1 < args.Count ? args[i + 1] : null;
            if (value is null)
            {
                errors.Add($"{flag} needs a value.");
                break;
            }
            i++;
            switch (flag)
            {
                case "--port":
                    sawPort = true;
                    if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port <= 65535)
                    {
                        options = options with { Port = port };
                    }
                    else
                    {
                        errors.Add($"--port '{value}' is not a port; use 0 (any free port) to 65535.");
                    }
                    break;
                case "--scenario":
                    try
                    {
                        options = options with { Scenario = Scenario.Load(value) };
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
                    {
                        errors.Add($"--scenario {value}: {e.Message}");
                    }
                    break;
                case "--node-netns":
                    options = options with { NodeNetns = value };
                    break;
                case "--throttle-rate":
                    options = options with { Faults = options.Faults with { ThrottleRate = Rate(flag, value, errors) } };
                    break;
                case "--error-rate":
                    options = options with { Faults = options.Faults with { ErrorRate = Rate(flag, value, errors) } };
                    break;
                case "--latency-ms":
                    options = options with { Faults = options.Faults with { LatencyMs = Milliseconds(flag, value, errors) } };
                    break;
                case "--seed":
                    options = options with { Seed = Milliseconds(flag, value, errors) };
                    break;
                default:
                    errors.Add($"unknown flag '{flag}'.");
                    i--;
                    break;
            }
        }
        if (!sawPort)
        {
            errors.Add("--port is required; use --port 0 for any free port.");
        }
        return errors.Count == 0;
    }

    private static double Rate(string flag, string value, List<string> errors)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) && rate >= 0 && rate <= 1)
        {
            return rate;
        }
        errors.Add($"{flag} '{value}' is not a probability; use a number from 0 to 1, e.g. 0.3.");
        return 0;
    }

    private static int Milliseconds(string flag, string value, List<string> errors)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n))
        {
            return n;
        }
        errors.Add($"{flag} '{value}' is not a whole number of 0 or more.");
        return 0;
    }
}
