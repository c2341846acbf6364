using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EsCni.Ec2Sim.Recording;
using EsCni.Cloud;
using Xunit.Abstractions;
using EsCni.Testing;

namespace EsCni.Cloud.Tests;

/// <summary>Throttling by EC2 and the node's own token buckets.</summary>
public sealed class Ec2ApiThrottlingTests
{
    private static readonly CancellationToken s_none = CancellationToken.None;
    private readonly ITestOutputHelper _output;

    public Ec2ApiThrottlingTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task Operations_ThirtyPercentThrottling_CompleteWithinLimiterBudget()
    {
        const double DescribeRate = 20, MutateRate = 10;
        const int DescribeBurst = 5, MutateBurst = 3;
        await using SimulatedCloud cloud = await SimulatedCloud.StartAsync(o =>
        {
            o.DescribeRateLimit = new Ec2RateLimitOptions { TokensPerSecond = DescribeRate, Burst = DescribeBurst };
            o.MutateRateLimit = new Ec2RateLimitOptions { TokensPerSecond = MutateRate, Burst = MutateBurst };

            // With the default 7 attempts one operation in ~4,600 is throttled on every attempt at 30 % (0.3^7), and
            // fails as it should; ~30 operations made that a 0.6 % flake. 15 attempts: 0.3^15 per operation.
            o.Retry.MaxRetries = 14;
        });
        await cloud.SetFaultsAsync(new { throttleRate = 0.3 });
        var started = Stopwatch.StartNew();

        // What the warm-pool manager does when it grows by one ENI, three times, plus the reconcile reads.
        var tasks = new List<Task>();
        for (int i = 0; i < 3; i++)
        {
            tasks.Add(Task.Run(async () =>
            {
                EniDescription eni = (await cloud.Ec2.CreateEniAsync(
                    new CreateEniRequest("escni-throttle-" + Guid.NewGuid().ToString("N"), SimulatedCloud.SubnetId, ["sg-0sim000000000001"], 0), s_none)).Value;
                await cloud.Ec2.AssignIpsAsync(eni.EniId, 4, s_none);
                await cloud.Ec2.DescribeInstanceEnisAsync(s_none);
            }));
        }

        for (int i = 0; i < 20; i++)
        {
            tasks.Add(cloud.Ec2.DescribeInstanceTypeLimitsAsync("m5.large", s_none));
        }

        await Task.WhenAll(tasks);
        double elapsedSeconds = started.Elapsed.TotalSeconds;

        IReadOnlyList<Ec2CallRecord> ledger = cloud.Ledger.Records;
        Assert.All(ledger, r => Assert.Equal(Ec2CallOutcome.Succeeded, r.Outcome));
        Assert.True(ledger.Sum(r => r.Throttles) > 0, "the simulator throttled nothing, so this test proved nothing");

        // Every HTTP request EC2 saw took a token: a class's calls never exceed its burst plus its refill over the run.
        IReadOnlyList<CallRecord> calls = cloud.Ec2Calls();
        int describes = calls.Count(c => c.Action.StartsWith("Describe", StringComparison.Ordinal));
        int mutations = calls.Count - describes;
        _output.WriteLine($"{ledger.Count} operations, {calls.Count} EC2 requests ({describes} describe, {mutations} mutate), " +
            $"{ledger.Sum(r => r.Throttles)} throttled, {elapsedSeconds:0.00} s, limiter wait {ledger.Sum(r => r.LimiterWait.TotalSeconds):0.00} s in total");
        Assert.InRange(describes, 23, DescribeBurst + (int)Math.Ceiling(DescribeRate * elapsedSeconds) + 1);
        Assert.InRange(mutations, 6, MutateBurst + (int)Math.Ceiling(MutateRate * elapsedSeconds) + 1);
        Assert.Equal(calls.Count, ledger.Sum(r => r.Attempts));
    }

    [Fact]
    public async Task Describe_BurstBeyondBucket_WaitsForTokensInsteadOfCallingEc2()
    {
        await using SimulatedCloud cloud = await SimulatedCloud.StartAsync(o =>
            o.DescribeRateLimit = new Ec2RateLimitOptions { TokensPerSecond = 10, Burst = 2 });

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => cloud.Ec2.DescribeInstanceTypeLimitsAsync("m5.large", s_none)));

        IReadOnlyList<Ec2CallRecord> records = cloud.Ledger.For("DescribeInstanceTypes");
        Assert.Equal(8, records.Count);
        Assert.True(records.Count(r => r.LimiterWait > TimeSpan.Zero) >= 5, "at most the burst (2) plus a token or so should pass without waiting");
    }

    [Fact]
    public async Task Describe_ThrottledOnEveryAttempt_ThrowsEc2ThrottledExceptionNamingCode()
    {
        await using SimulatedCloud cloud = await SimulatedCloud.StartAsync(o => o.Retry.MaxRetries = 2);
        await cloud.SetFaultsAsync(new { throttleRate = 1.0 });

        Ec2ThrottledException e = await Assert.ThrowsAsync<Ec2ThrottledException>(() => cloud.Ec2.DescribeInstanceEnisAsync(s_none));

        Assert.Equal("RequestLimitExceeded", e.ErrorCode);
        Assert.Contains("DescribeNetworkInterfaces", e.Message);
        Assert.Contains(e.RequestId!, e.Message);
        Assert.EndsWith("on busy clusters.", e.Message, StringComparison.Ordinal); // no unfilled "{settle}" placeholder
        Assert.Equal(3, cloud.Ec2Calls("DescribeNetworkInterfaces").Count);
        Ec2CallRecord record = Assert.Single(cloud.Ledger.For("DescribeNetworkInterfaces"));
        Assert.Equal((Ec2CallOutcome.Throttled, 3, 3), (record.Outcome, record.Attempts, record.Throttles));
    }

    [Fact]
    public async Task Mutate_SimulatorTokenBucketLikeEc2s_CallsEventuallySucceed()
    {
        await using SimulatedCloud cloud = await SimulatedCloud.StartAsync();
        await cloud.SetFaultsAsync(new { throttleBucket = new { capacity = 2, refillPerSecond = 20.0 } });

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => cloud.Ec2.CreateEniAsync(
            new CreateEniRequest("escni-bucket-" + Guid.NewGuid().ToString("N"), SimulatedCloud.SubnetId, ["sg-0sim000000000001"], 0), s_none)));

        Assert.Equal(6, cloud.Simulator.Enis.Values.Count(e => e.Description == "escni-" + SimulatedCloud.InstanceId));
        Assert.Equal(6, cloud.Ledger.For("CreateNetworkInterface").Count(r => r.Outcome == Ec2CallOutcome.Succeeded));
    }
}
