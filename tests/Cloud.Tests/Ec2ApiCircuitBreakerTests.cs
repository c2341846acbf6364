using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EsCni.Cloud;
using Polly.CircuitBreaker;
using EsCni.Testing;

namespace EsCni.Cloud.Tests;

/// <summary>The circuit breaker under a full EC2 outage: it opens, fails fast without calling EC2, and recovers.</summary>
public sealed class Ec2ApiCircuitBreakerTests
{
    private static readonly CancellationToken s_none = CancellationToken.None;

    [Fact]
    public async Task Describe_FullOutage_BreakerOpensFailsFastAndRecovers()
    {
        await using SimulatedCloud cloud = await SimulatedCloud.StartAsync(o =>
        {
            o.Retry.MaxRetries = 3;
            o.CircuitBreaker = new Ec2CircuitBreakerOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(1),
            };
        });
        await cloud.SetFaultsAsync(new { outage = true });

        // The first call's four failed attempts reach the minimum throughput, so the breaker opens.
        Ec2UnavailableException first = await Assert.ThrowsAsync<Ec2UnavailableException>(() => cloud.Ec2.DescribeInstanceEnisAsync(s_none));
        Assert.Equal(CircuitState.Open, cloud.Ec2.CircuitStateOf(Ec2ApiClass.Describe));
        int callsWhenOpened = cloud.Ec2Calls().Count;

        Ec2UnavailableException fast = await Assert.ThrowsAsync<Ec2UnavailableException>(() => cloud.Ec2.DescribeInstanceEnisAsync(s_none));

        Assert.True(fast.CircuitOpen);
        Assert.Contains("circuit breaker", fast.Message);
        Assert.Equal(callsWhenOpened, cloud.Ec2Calls().Count);
        Assert.Equal(0, cloud.Ledger.Records[^1].Attempts);
        Assert.False(first.CircuitOpen);
        Assert.Equal(4, callsWhenOpened);
        Assert.Equal(Ec2CallOutcome.Unavailable, cloud.Ledger.Records[0].Outcome);

        // Mutations have their own breaker: an outage seen by describes does not stop them being tried.
        Assert.Equal(CircuitState.Closed, cloud.Ec2.CircuitStateOf(Ec2ApiClass.Mutate));

        await cloud.SetFaultsAsync(new { outage = false });
        Ec2Result<IReadOnlyList<EniDescription>> recovered = await RetryUntilClosedAsync(cloud);

        Assert.Single(recovered.Value);
        Assert.Equal(CircuitState.Closed, cloud.Ec2.CircuitStateOf(Ec2ApiClass.Describe));
    }

    [Fact]
    public async Task Describe_ThrottledOnly_BreakerStaysClosed()
    {
        await using SimulatedCloud cloud = await SimulatedCloud.StartAsync(o =>
        {
            o.Retry.MaxRetries = 3;
            o.CircuitBreaker = new Ec2CircuitBreakerOptions { FailureRatio = 0.5, MinimumThroughput = 4, BreakDuration = TimeSpan.FromSeconds(30) };
        });
        await cloud.SetFaultsAsync(new { throttleRate = 1.0 });

        await Assert.ThrowsAsync<Ec2ThrottledException>(() => cloud.Ec2.DescribeInstanceEnisAsync(s_none));
        await Assert.ThrowsAsync<Ec2ThrottledException>(() => cloud.Ec2.DescribeInstanceEnisAsync(s_none));

        Assert.Equal(CircuitState.Closed, cloud.Ec2.CircuitStateOf(Ec2ApiClass.Describe));
        Assert.Equal(8, cloud.Ec2Calls("DescribeNetworkInterfaces").Count);
    }

    private static async Task<Ec2Result<IReadOnlyList<EniDescription>>> RetryUntilClosedAsync(SimulatedCloud cloud)
    {
        // The breaker lets a probe through only after its break duration; until then calls keep failing fast.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            try
            {
                return await cloud.Ec2.DescribeInstanceEnisAsync(cts.Token);
            }
            catch (Ec2UnavailableException e) when (e.CircuitOpen)
            {
                await Task.Delay(100, cts.Token);
            }
        }
    }
}
