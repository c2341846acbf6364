using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace EsCni.Ec2Sim.Faults;

/// <summary>What the simulator does wrong on purpose; GET/PUT /admin/faults reads and (partially) replaces it at run time.</summary>
public sealed record FaultSettings
{
    /// <summary>Probability 0..1 that an EC2 call fails with RequestLimitExceeded (503) before it runs.</summary>
    public double ThrottleRate { get; init; }

    /// <summary>Actions the throttle rate applies to (null or empty: all).</summary>
    public IReadOnlyList<string>? ThrottleActions { get; init; }

    /// <summary>Probability 0..1 that an EC2 call fails with InternalError (500) before it runs.</summary>
    public double ErrorRate { get; init; }

    /// <summary>Actions the error rate applies to (null or empty: all).</summary>
    public IReadOnlyList<string>? ErrorActions { get; init; }

    /// <summary>Added latency per EC2 call, milliseconds.</summary>
    public int LatencyMs { get; init; }

    /// <summary>Probability 0..1 that an EC2 call runs (its change is applied) and then its response is lost.</summary>
    public double LostResponseRate { get; init; }

    /// <summary>Actions whose responses may be lost (null or empty: all), e.g. ["CreateNetworkInterface"].</summary>
    public IReadOnlyList<string>? LostResponseActions { get; init; }

    /// <summary>How a response is lost: abort the connection, or hold it for <see cref="LostResponseDelayMs"/> (past the client's timeout).</summary>
    public LostResponseMode LostResponseMode { get; init; } = LostResponseMode.Abort;

    /// <summary>How long a response is held in <see cref="LostResponseMode.Delay"/> mode, milliseconds.</summary>
    public int LostResponseDelayMs { get; init; } = 30_000;

    /// <summary>One token bucket per API class ("describe", "mutate") with these settings, like EC2's request-rate limits; null: none.</summary>
    public ThrottleBucketSettings? ThrottleBucket { get; init; }

    /// <summary>Per-class overrides of <see cref="ThrottleBucket"/>, keyed "describe" or "mutate".</summary>
    public IReadOnlyDictionary<string, ThrottleBucketSettings>? ThrottleBuckets { get; init; }

    /// <summary>IMDS shows attach and IP changes only this many milliseconds after EC2 made them.</summary>
    public int ImdsLagMs { get; init; }

    /// <summary>When true every EC2 call fails with Unavailable (503); IMDS keeps answering.</summary>
    public bool Outage { get; init; }

    /// <summary>Delay between an attach (or detach) and the node's dummy link appearing (or vanishing), milliseconds.</summary>
    public int HotplugDelayMs { get; init; } = 200;

    /// <summary>How long an attachment stays "attaching" before it is "attached" (in-use), milliseconds; 0: at once.</summary>
    public int AttachDelayMs { get; init; }

    /// <summary>The bucket settings that apply to <paramref name="apiClass"/>, or null.</summary>
    public ThrottleBucketSettings? BucketFor(string apiClass) =>
        ThrottleBuckets is not null && ThrottleBuckets.TryGetValue(apiClass, out ThrottleBucketSettings? specific) ? specific : ThrottleBucket;

    /// <summary>Every problem with these settings, each naming the field and value; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        CheckRate(problems, "throttleRate", ThrottleRate);
        CheckRate(problems, "errorRate", ErrorRate);
        CheckRate(problems, "lostResponseRate", LostResponseRate);
        CheckMs(problems, "latencyMs", LatencyMs);
        CheckMs(problems, "lostResponseDelayMs", LostResponseDelayMs);
        CheckMs(problems, "imdsLagMs", ImdsLagMs);
        CheckMs(problems, "hotplugDelayMs", HotplugDelayMs);
        CheckMs(problems, "attachDelayMs", AttachDelayMs);
        IEnumerable<(string Name, ThrottleBucketSettings Bucket)> buckets = (ThrottleBuckets ?? new Dictionary<string, ThrottleBucketSettings>())
            .Select(b => ($"throttleBuckets.{b.Key}", b.Value));
        if (ThrottleBucket is not null)
        {
            buckets = buckets.Prepend(("throttleBucket", ThrottleBucket));
        }
        foreach ((string name, ThrottleBucketSettings bucket) in buckets)
        {
            if (bucket.Capacity < 1)
            {
                problems.Add($"{name}.capacity is {bucket.Capacity}; use 1 or more tokens.");
            }
            if (bucket.RefillPerSecond < 0)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{name}.refillPerSecond is {bucket.RefillPerSecond}; use 0 or more."));
            }
        }
        foreach (string key in ThrottleBuckets?.Keys ?? [])
        {
            if (key is not (ApiClass.Describe or ApiClass.Mutate))
            {
                problems.Add($"throttleBuckets has class '{key}'; use \"{ApiClass.Describe}\" or \"{ApiClass.Mutate}\".");
            }
        }
        return problems;
    }

    private static void CheckRate(List<string> problems, string name, double value)
    {
        if (!(value >= 0 && value <= 1))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{name} is {value}; use a probability from 0 to 1 (e.g. 0.3)."));
        }
    }

    private static void CheckMs(List<string> problems, string name, int value)
    {
        if (value < 0)
        {
            problems.Add($"{name} is {value}; use 0 or more milliseconds.");
        }
    }
}
