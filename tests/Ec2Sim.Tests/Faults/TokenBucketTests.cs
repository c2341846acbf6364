using System;
using EsCni.Ec2Sim.Faults;

namespace EsCni.Ec2Sim.Tests.Faults;

/// <summary>The token bucket: a burst of Capacity, then RefillPerSecond.</summary>
public sealed class TokenBucketTests
{
    [Fact]
    public void TryTake_BurstThenRefill_FollowsCapacityAndRate()
    {
        var start = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero);
        var bucket = new TokenBucket(new ThrottleBucketSettings(3, 2), start);

        bool[] burst = [bucket.TryTake(start), bucket.TryTake(start), bucket.TryTake(start), bucket.TryTake(start)];
        bool afterHalfSecond = bucket.TryTake(start.AddMilliseconds(500));
        bool immediatelyAgain = bucket.TryTake(start.AddMilliseconds(500));
        bool afterTenSeconds = bucket.TryTake(start.AddSeconds(10));

        Assert.Equal([true, true, true, false], burst);
        Assert.True(afterHalfSecond);
        Assert.False(immediatelyAgain);
        Assert.True(afterTenSeconds);
    }
}
