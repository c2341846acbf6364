using System;
using System.Collections.Generic;

namespace EsCni.Ec2Sim.Tests;

/// <summary>The simulator's flags, parsed in process (ProgramTests covers the process form).</summary>
public sealed class SimCommandLineTests
{
    [Fact]
    public void TryParse_EveryFlag_MapsOntoSimOptions()
    {
        bool ok = SimCommandLine.TryParse(
            ["--port", "8080", "--node-netns", "sim-node", "--throttle-rate", "0.25", "--error-rate", "0.5", "--latency-ms", "40", "--seed", "7"],
            out SimOptions options, out List<string> errors);

        Assert.True(ok, string.Join(" ", errors));
        Assert.Equal((8080, "sim-node", 0.25, 0.5, 40, (int?)7),
            (options.Port, options.NodeNetns, options.Faults.ThrottleRate, options.Faults.ErrorRate, options.Faults.LatencyMs, options.Seed));
    }

    [Fact]
    public void TryParse_PortOnly_NoSeedAndNoFaults()
    {
        Assert.True(SimCommandLine.TryParse(["--port", "0"], out SimOptions options, out _));

        Assert.Equal((0, null, 0.0, 0.0, 0, (int?)null),
            (options.Port, options.NodeNetns, options.Faults.ThrottleRate, options.Faults.ErrorRate, options.Faults.LatencyMs, options.Seed));
    }

    [Fact]
    public void TryParse_UnknownLastFlag_ReportedAsUnknownNotAsNeedingAValue()
    {
        Assert.False(SimCommandLine.TryParse(["--port", "0", "--bogus"], out _, out List<string> errors));

        Assert.Equal(["unknown flag '--bogus'."], errors);
        Assert.DoesNotContain(errors, e => e.Contains("needs a value", StringComparison.Ordinal));
    }

    [Fact]
    public void TryParse_NegativeSeed_IsASeedNotMilliseconds()
    {
        Assert.True(SimCommandLine.TryParse(["--port", "0", "--seed", "-5"], out SimOptions options, out List<string> errors), string.Join(" ", errors));

        Assert.Equal(-5, options.Seed);
    }

    [Fact]
    public void TryParse_SeedNotANumber_ErrorSaysWholeNumberNotMilliseconds()
    {
        Assert.False(SimCommandLine.TryParse(["--port", "0", "--seed", "soon"], out _, out List<string> errors));

        string error = Assert.Single(errors);
        Assert.StartsWith("--seed 'soon' is not a whole number", error, StringComparison.Ordinal);
        Assert.DoesNotContain("millisecond", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_PortWithoutValueBeforeSeed_DoesNotTakeTheSeedFlagAsThePort()
    {
        Assert.False(SimCommandLine.TryParse(["--port", "--seed", "5"], out _, out List<string> errors));

        string error = Assert.Single(errors); // the seed parsed: its 5 is neither unexpected nor a bad value
        Assert.StartsWith("--port needs a value", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_NoPort_SaysHowToPickOne()
    {
        Assert.False(SimCommandLine.TryParse(["--seed", "1"], out _, out List<string> errors));

        Assert.Equal(["--port is required; use --port 0 for any free port."], errors);
    }

    [Fact]
    public void TryParse_MissingScenarioFile_NamesTheFile()
    {
        Assert.False(SimCommandLine.TryParse(["--port", "0", "--scenario", "/nonexistent/world.json"], out _, out List<string> errors));

        Assert.StartsWith("--scenario /nonexistent/world.json:", Assert.Single(errors), StringComparison.Ordinal);
    }
}
