using System;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using EsCni.Cloud;
using Microsoft.Extensions.Time.Testing;

namespace EsCni.Cloud.Tests;

/// <summary>The EC2 token bucket refills on the injected clock only: fake time moves it, real time does not.</summary>
public sealed class Ec2TokenBucketTests
{
    private static readonly Ec2RateLimitOptions s_twoPerSecondBurstThree = new() { TokensPerSecond = 2, Burst = 3, QueueLimit = 10 };

    [Fact]
    public void TryAcquire_EmptyBucketFakeClockAdvancedOnePeriod_OneTokenBack()
    {
        var clock = new FakeTimeProvider();
        var bucket = new Ec2TokenBucket(s_twoPerSecondBurstThree, clock);
        Drain(bucket, 3);

        clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Equal(0, bucket.AvailableTokens);
        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(1, bucket.AvailableTokens);
        using RateLimitLease lease = bucket.TryAcquire();
        Assert.True(lease.IsAcquired);
    }

    [Fact]
    public async Task AcquireAsync_EmptyBucketFakeClockStill_WaitsUntilTheClockAdvances()
    {
        var clock = new FakeTimeProvider();
        var bucket = new Ec2TokenBucket(s_twoPerSecondBurstThree, clock);
        Drain(bucket, 3);

        ValueTask<RateLimitLease> waiting = bucket.AcquireAsync(CancellationToken.None);

        // No real-time timer refills the bucket: with the fake clock standing still, the waiter stays queued.
        await Task.Yield();
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(500));
        using RateLimitLease lease = await waiting;
        Assert.True(lease.IsAcquired);
    }

    [Fact]
    public void AvailableTokens_FakeClockAdvancedFarPastBurst_CappedAtBurst()
    {
        var clock = new FakeTimeProvider();
        var bucket = new Ec2TokenBucket(s_twoPerSecondBurstThree, clock);
        Drain(bucket, 3);

        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(3, bucket.AvailableTokens);
    }

    [Fact]
    public async Task AcquireAsync_QueueFullOnStillClock_RefusedAtOnce()
    {
        var clock = new FakeTimeProvider();
        var bucket = new Ec2TokenBucket(new Ec2RateLimitOptions { TokensPerSecond = 1, Burst = 1, QueueLimit = 2 }, clock);
        Drain(bucket, 1);
        ValueTask<RateLimitLease> first = bucket.AcquireAsync(CancellationToken.None);
        ValueTask<RateLimitLease> second = bucket.AcquireAsync(CancellationToken.None);

        using RateLimitLease third = await bucket.AcquireAsync(CancellationToken.None);

        Assert.False(third.IsAcquired);
        clock.Advance(TimeSpan.FromSeconds(1));
        using RateLimitLease firstLease = await first;
        Assert.True(firstLease.IsAcquired);
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        using RateLimitLease secondLease = await second;
        Assert.True(secondLease.IsAcquired);
    }

    private static void Drain(Ec2TokenBucket bucket, int burst)
    {
        for (int i = 0; i < burst; i++)
        {
            using RateLimitLease taken = bucket.TryAcquire();
            Assert.True(taken.IsAcquired, $"token {i + 1} of a full bucket of {burst}");
        }

        using RateLimitLease none = bucket.TryAcquire();
        Assert.False(none.IsAcquired);
    }
}
