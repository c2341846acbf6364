using System.Collections.Generic;
using EsCni.Ec2Sim.Faults;

namespace EsCni.Ec2Sim.Tests.Faults;

/// <summary>Validation of fault settings: every problem named with its field and value.</summary>
public sealed class FaultSettingsTests
{
    [Fact]
    public void Validate_Defaults_NoProblems()
    {
        Assert.Empty(new FaultSettings().Validate());
    }

    [Fact]
    public void Validate_SeveralBadFields_ReportsEachByName()
    {
        var settings = new FaultSettings
        {
            ThrottleRate = 1.5,
            LatencyMs = -1,
            ThrottleBucket = new ThrottleBucketSettings(0, 1),
            ThrottleBuckets = new Dictionary<string, ThrottleBucketSettings> { ["bogus"] = new(1, 1) },
        };

        IReadOnlyList<string> problems = settings.Validate();

        Assert.Contains(problems, p => p.StartsWith("throttleRate is 1.5", System.StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("latencyMs is -1", System.StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("throttleBucket.capacity is 0", System.StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'bogus'", System.StringComparison.Ordinal));
    }

    [Fact]
    public void BucketFor_ClassOverride_WinsOverDefault()
    {
        var settings = new FaultSettings
        {
            ThrottleBucket = new ThrottleBucketSettings(10, 1),
            ThrottleBuckets = new Dictionary<string, ThrottleBucketSettings> { [ApiClass.Mutate] = new(2, 0.5) },
        };

        Assert.Equal(new ThrottleBucketSettings(2, 0.5), settings.BucketFor(ApiClass.Mutate));
        Assert.Equal(new ThrottleBucketSettings(10, 1), settings.BucketFor(ApiClass.Describe));
    }
}
