using System;
using EsCni.Domain.Commands;
using EsCni.Domain.Pool;

namespace EsCni.Domain.Tests.Pool;

/// <summary>An ADD that finds no free IP says why: the node is at capacity, the subnet is exhausted, or an IP is coming.</summary>
public class NodePoolShortageTests
{
    private const string SubnetError = "EC2 AssignPrivateIpAddresses failed: InsufficientFreeAddressesInSubnet";

    [Fact]
    public void AllocateIp_EveryPodIpAllocated_RejectsAtCapacityNamingTheLimitAndMaxPods()
    {
        PoolScenario s = FullSmallNode();

        Decision refused = s.Execute(Add(s, 4, PoolGrowth.Unknown));

        Assert.Equal(RejectionCode.AtCapacity, refused.Rejection!.Code);
        Assert.StartsWith("m5.large holds 3 pod IPs; 3 allocated", refused.Rejection.Message, StringComparison.Ordinal);
        Assert.Contains("kubelet max-pods to 5", refused.Rejection.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("refilled", refused.Rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllocateIp_AtCapacityUnderMaxEni_NamesMaxEniAsTheLimit()
    {
        PoolScenario s = FullSmallNode();

        Decision refused = s.Execute(Add(s, 4, new PoolGrowth(MaxEni: 1, SubnetExhausted: null)));

        Assert.Equal(RejectionCode.AtCapacity, refused.Rejection!.Code);
        Assert.StartsWith("m5.large with MAX_ENI=1 holds 3 pod IPs; 3 allocated", refused.Rejection.Message, StringComparison.Ordinal);
        Assert.Contains("raise MAX_ENI", refused.Rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllocateIp_AtCapacityWhileSubnetExhausted_CapacityWins()
    {
        PoolScenario s = FullSmallNode();

        Decision refused = s.Execute(Add(s, 4, new PoolGrowth(null, SubnetError)));

        Assert.Equal(RejectionCode.AtCapacity, refused.Rejection!.Code);
    }

    [Fact]
    public void AllocateIp_NoFreeIpBelowCapacity_SaysTheWarmPoolIsRefilling()
    {
        PoolScenario s = GrowableNodeWithNoFreeIp();

        Decision refused = s.Execute(Add(s, 4, PoolGrowth.Unknown));

        Assert.Equal(RejectionCode.NoIpAvailable, refused.Rejection!.Code);
        Assert.Contains("the warm pool is being refilled from EC2", refused.Rejection.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("holds", refused.Rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllocateIp_NoFreeIpAndSubnetExhausted_SaysTheSubnetHasNoFreeAddresses()
    {
        PoolScenario s = GrowableNodeWithNoFreeIp();

        Decision refused = s.Execute(Add(s, 4, new PoolGrowth(null, SubnetError)));

        Assert.Equal(RejectionCode.SubnetExhausted, refused.Rejection!.Code);
        Assert.Contains("the subnet has no free addresses (" + SubnetError + ")", refused.Rejection.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("refilled", refused.Rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllocateIp_PoolAtItsLimitWithOnlyCoolingIps_SaysCooldownNotRefill()
    {
        // All 3 pod IPs are in the pool; one was just released and cools down: no refill can come, the cooldown ends it.
        PoolScenario s = FullSmallNode();
        s.Release(1);

        Decision refused = s.Execute(Add(s, 4, PoolGrowth.Unknown));

        Assert.Equal(RejectionCode.NoIpAvailable, refused.Rejection!.Code);
        Assert.Contains("m5.large holds 3 pod IPs and all are in the pool", refused.Rejection.Message, StringComparison.Ordinal);
        Assert.Contains("1 cooling down", refused.Rejection.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("refilled", refused.Rejection.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("m5.large", 3, 10, 27, 29)]
    [InlineData("m5.xlarge", 4, 15, 56, 58)]
    [InlineData("t3.micro", 2, 2, 2, 4)]
    public void PoolCapacity_InstanceLimits_GivesTheVpcCniMaxPods(string type, int enis, int ipv4PerEni, int maxPodIps, int maxPods)
    {
        var capacity = new PoolCapacity(type, enis, ipv4PerEni - 1, CappedByMaxEni: false);

        Assert.Equal(maxPodIps, capacity.MaxPodIps);
        Assert.Equal(maxPods, capacity.MaxPods);
    }

    /// <summary>1 ENI × (4 IPv4 − 1) = 3 pod IPs, all in the pool and allocated.</summary>
    private static PoolScenario FullSmallNode() => AllocateThree(PoolScenario.Started(ipsPerEni: 4, ipsAdded: 3, maxEnis: 1));

    /// <summary>3 ENIs × 9 = 27 pod IPs; only 3 in the pool, all allocated: the pool can grow.</summary>
    private static PoolScenario GrowableNodeWithNoFreeIp() => AllocateThree(PoolScenario.Started(ipsAdded: 3));

    private static PoolScenario AllocateThree(PoolScenario s)
    {
        for (int n = 1; n <= 3; n++)
        {
            s.Allocate(n);
        }

        return s;
    }

    [Theory]
    [InlineData(RejectionCode.NoIpAvailable, true)]
    [InlineData(RejectionCode.AtCapacity, true)]
    [InlineData(RejectionCode.SubnetExhausted, true)]
    [InlineData(RejectionCode.NodeNotStarted, false)]
    [InlineData(RejectionCode.InvalidCommand, false)]
    [InlineData(RejectionCode.UnknownEni, false)]
    public void IsIpShortage_EachReason_TrueOnlyForTheThreeNoFreeIpReasons(RejectionCode code, bool shortage)
    {
        Assert.Equal(shortage, new Rejection(code, "m").IsIpShortage);
    }

    private static AllocateIp Add(PoolScenario s, int n, PoolGrowth growth) =>
        new(s.Now, PoolScenario.Cni, PoolScenario.Key(n), PoolScenario.PodOf(n), "ns") { Growth = growth };
}
