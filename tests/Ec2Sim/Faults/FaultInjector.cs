using System;
using System.Collections.Generic;
using System.Linq;

namespace EsCni.Ec2Sim.Faults;

/// <summary>Decides, per EC2 call, whether to fail it before it runs or lose its response after; owns the token buckets and the random source.</summary>
public sealed class FaultInjector
{
    private readonly object _lock = new();
    private readonly Random _random;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal); // by API class
    private FaultSettings _settings;

    /// <summary>Creates an injector; a fixed <paramref name="seed"/> makes rate-based faults reproducible.</summary>
    public FaultInjector(FaultSettings settings, TimeProvider time, int? seed)
    {
        _settings = settings;
        _time = time;
        _random = seed is int s ? new Random(s) : new Random();
    }

    /// <summary>The current settings; setting them takes effect for the next call (buckets whose settings changed start full).</summary>
    public FaultSettings Settings
    {
        get
        {
            lock (_lock)
            {
                return _settings;
            }
        }
        set
        {
            IReadOnlyList<string> problems = value.Validate();
            if (problems.Count > 0)
            {
                throw new ArgumentException("fault settings are invalid: " + string.Join(" ", problems), nameof(value));
            }
            lock (_lock)
            {
                _settings = value;
            }
        }
    }

    /// <summary>Decides whether <paramref name="action"/> fails before it runs.</summary>
    public FaultDecision DecideBefore(string action)
    {
        lock (_lock)
        {
            if (_settings.Outage)
            {
                return FaultDecision.Outage;
            }
            string apiClass = ApiClass.Of(action);
            ThrottleBucketSettings? bucketSettings = _settings.BucketFor(apiClass);
            if (bucketSettings is not null)
            {
                if (!_buckets.TryGetValue(apiClass, out TokenBucket? bucket) || bucket.Settings != bucketSettings)
                {
                    bucket = new TokenBucket(bucketSettings, _time.GetUtcNow());
                    _buckets[apiClass] = bucket;
                }
                if (!bucket.TryTake(_time.GetUtcNow()))
                {
                    return FaultDecision.Throttle;
                }
            }
            if (Applies(_settings.ThrottleActions, action) && Roll(_settings.ThrottleRate))
            {
                return FaultDecision.Throttle;
            }
            if (Applies(_settings.ErrorActions, action) && Roll(_settings.ErrorRate))
            {
                return FaultDecision.Error;
            }
            return FaultDecision.None;
        }
    }

    /// <summary>Decides whether the response of <paramref name="action"/>, already applied, is lost.</summary>
    public bool DecideLoseResponse(string action)
    {
        lock (_lock)
        {
            return Applies(_settings.LostResponseActions, action) && Roll(_settings.LostResponseRate);
        }
    }

    private static bool Applies(IReadOnlyList<string>? actions, string action) =>
        actions is null || actions.Count == 0 || actions.Contains(action, StringComparer.Ordinal);

    // Rate 1 must always fire and rate 0 never, whatever the random source gives.
    private bool Roll(double rate) => rate > 0 && (rate >= 1 || _random.NextDouble() < rate);
}
