using System;

namespace EsCni.Ec2Sim.Faults;

/// <summary>A token bucket refilled continuously from a clock; not thread-safe (the injector locks around it).</summary>
internal sealed class TokenBucket
{
    private double _tokens;
    private DateTimeOffset _refilledAt;

    public TokenBucket(ThrottleBucketSettings settings, DateTimeOffset now)
    {
        Settings = settings;
        _tokens = settings.Capacity;
        _refilledAt = now;
    }

    public ThrottleBucketSettings Settings { get; }

    /// <summary>Takes one token if there is one.</summary>
    public bool TryTake(DateTimeOffset now)
    {
        double elapsed = Math.Max(0, (now - _refilledAt).TotalSeconds);
        _tokens = Math.Min(Settings.Capacity, _tokens + (elapsed * Settings.RefillPerSecond));
        _refilledAt = now;
        if (_tokens < 1)
        {
            return false;
        }
        _tokens -= 1;
        return true;
    }
}
