using System;
using System.Linq;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Domain.Pool;
using EsCni.Domain.Tests.Pool;
using EsCni.Domain.WarmPool;

namespace EsCni.Domain.Tests.WarmPool;

/// <summary>
/// The policy in prefix-delegation mode, after the VPC CNI's docs/prefix-and-ip-target.md: m5.large limits (3 ENIs × 9
/// slots), WARM_PREFIX_TARGET default 1, WARM_IP_TARGET/MINIMUM_IP_TARGET counted in addresses and rounded to /28s.
/// </summary>
public class WarmPoolPrefixPolicyTests
{
    private static readonly InstanceLimits s_m5Large = new(MaxEnis: 3, IpsPerEni: 10);
    private static readonly DateTimeOffset s_now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    // enis: "prefixes/allocated" per ENI from device 0 (allocations packed into the first prefixes), e.g. "2/17".
    private static WarmPoolView View(string enis)
    {
        WarmPoolEni[] list = enis.Split(',', StringSplitOptions.RemoveEmptyEntries).Select((spec, device) =>
        {
            int[] parts = spec.Split('/').Select(int.Parse).ToArray();
            int used = (parts[1] + Ipv4Prefix.Size - 1) / Ipv4Prefix.Size;
            Ipv4Prefix[] free = Enumerable.Range(used, parts[0] - used).Select(k => PoolScenario.Prefix(device, k)).ToArray();
            return new WarmPoolEni($"eni-{device}", device, parts[0] * Ipv4Prefix.Size, parts[1], ValueList<Ipv4Address>.Empty, false, s_now.AddHours(-1), Busy: false)
            {
                PrefixCount = parts[0],
                FreePrefixCount = free.Length,
                ReleasablePrefixes = free,
            };
        }).ToArray();
        return new WarmPoolView(s_now, list, 0);
    }

    [Theory]
    // WARM_PREFIX_TARGET=1 (default): a new node gets one prefix; the first pod leaves 15 < 16 free, so a second comes.
    [InlineData("0/0", 1, null, null, null, "AddPrefixes eni-0 1")]
    [InlineData("1/0", 1, null, null, null, "None")]
    [InlineData("1/1", 1, null, null, null, "AddPrefixes eni-0 1")]
    [InlineData("2/1", 1, null, null, null, "None")]
    // Three wholly free prefixes with a target of 1: the two extra go back.
    [InlineData("3/0", 1, null, null, null, "ReleasePrefixes eni-0 2")]
    [InlineData("0/0", 2, null, null, null, "AddPrefixes eni-0 2")]
    // WARM_IP_TARGET=5: short 5 addresses is one prefix; 12 pods on one prefix leave 4 free, short 1, one more prefix.
    [InlineData("0/0", 1, 5, null, null, "AddPrefixes eni-0 1")]
    [InlineData("1/10", 1, 5, null, null, "None")]
    [InlineData("1/12", 1, 5, null, null, "AddPrefixes eni-0 1")]
    // MINIMUM_IP_TARGET=30: short 30 → two prefixes (32 addresses).
    [InlineData("0/0", 1, 5, 30, null, "AddPrefixes eni-0 2")]
    // Over by min(48 − 5, 48 − 0) = 43 addresses = 2 whole prefixes back; with MINIMUM_IP_TARGET 30, over 18 = 1 prefix.
    [InlineData("3/0", 1, 5, null, null, "ReleasePrefixes eni-0 2")]
    [InlineData("3/0", 1, 5, 30, null, "ReleasePrefixes eni-0 1")]
    // The pool stops at max-pods: 7 prefixes hold 112 ≥ 110 addresses, so 105 pods get no eighth prefix.
    [InlineData("7/105", 1, null, null, 110, "None")]
    [InlineData("6/90", 1, null, null, 110, "AddPrefixes eni-0 1")]
    // The primary ENI's 9 slots are full of prefixes: the next prefix comes with a new ENI.
    [InlineData("9/140", 1, null, null, null, "AttachEni prefixes 1")]
    public void Decide_DocumentedPrefixExamples_TakeUpstreamAction(string enis, int warmPrefix, int? warmIp, int? minIp, int? maxPods, string expected)
    {
        WarmPoolTargets targets = new(1, warmIp, minIp) { PrefixDelegation = true, WarmPrefixTarget = warmPrefix, MaxPods = maxPods };

        Assert.Equal(expected, Describe(WarmPoolPolicy.Decide(View(enis), targets, s_m5Large)));
    }

    [Fact]
    public void Settle_M5Large110Pods_SevenPrefixesOnThePrimaryEniAndNoMore()
    {
        PoolScenario s = PoolScenario.Started(enis: 1, ipsAdded: 0);
        WarmPoolTargets targets = new() { PrefixDelegation = true, MaxPods = 110 };

        for (int pod = 0; pod < 110; pod++)
        {
            Settle(s, targets);
            s.Allocate(pod);
        }

        Settle(s, targets);
        PoolCounts counts = s.Pool.GetCounts(s.Now);

        Assert.Equal((1, 7, 110), (counts.Enis, s.Pool.PrefixCount, counts.Allocated));
        Assert.Equal(110, s.Pool.GetAllocations().Select(a => a.Ip).Distinct().Count());
        Assert.Empty(EsCni.Domain.Invariants.InvariantChecker.Check(s.Journal, expectedFirstLsn: 1));
    }

    [Fact]
    public void Settle_PdSwitchedOnWithPods_PodsKeepSecondaryIpsAndFreeOnesDrain()
    {
        // 6 secondary IPs leave 3 of the ENI's 9 slots for prefixes.
        PoolScenario s = PoolScenario.Started(enis: 1, ipsAdded: 6);
        Allocation[] running = Enumerable.Range(0, 4).Select(s.Allocate).ToArray();

        Settle(s, new WarmPoolTargets { PrefixDelegation = true });

        Assert.Equal(running.Select(a => (a.Ip, a.Key)), s.Pool.GetAllocations().Select(a => (a.Ip, a.Key)));
        Assert.Equal(running.Select(a => a.Ip).Order(), s.Pool.GetEnis()[0].Ips);
        Assert.Equal(1, s.Pool.PrefixCount);
    }

    [Fact]
    public void Settle_PdSwitchedOffWithPods_PrefixesDrainOnceTheirPodsAreGone()
    {
        PoolScenario s = PoolScenario.Started(enis: 1, ipsAdded: 0);
        Settle(s, new WarmPoolTargets { PrefixDelegation = true, WarmPrefixTarget = 2 });
        Allocation pod = s.Allocate(1);
        WarmPoolTargets off = new(WarmIpTarget: 3);

        Settle(s, off);
        int whilePodRuns = s.Pool.PrefixCount;
        s.Release(1);
        s.Now += TimeSpan.FromMinutes(5);
        Settle(s, off);

        Assert.Equal(1, whilePodRuns);
        Assert.Equal(0, s.Pool.PrefixCount);
        Assert.Equal(3, s.Pool.GetCounts(s.Now).TotalIps);
        Assert.Contains(s.Journal, e => e.Event is IpReleased r && r.Ip == pod.Ip);
    }

    [Fact]
    public void Choose_NonNitro_FallsBackToSecondaryIpsSayingWhy()
    {
        PrefixDelegationMode mode = PrefixDelegationMode.Choose(true, "m4.large", isNitro: false, null, s_now);

        Assert.False(mode.UsePrefixes);
        Assert.Contains("m4.large is not a Nitro instance type", mode.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_AfterInsufficientCidrBlocks_UsesSecondaryIpsUntilTheBackoffEnds()
    {
        PrefixDelegationMode during = PrefixDelegationMode.Choose(true, "m5.large", true, s_now, s_now.AddSeconds(119));
        PrefixDelegationMode after = PrefixDelegationMode.Choose(true, "m5.large", true, s_now, s_now.AddSeconds(120));

        Assert.False(during.UsePrefixes);
        Assert.Contains("InsufficientCidrBlocks", during.FallbackReason, StringComparison.Ordinal);
        Assert.True(after.UsePrefixes);
    }

    private int _nextPrefix = 1;
    private int _nextHost = 100;

    // Policy → intent → outcome until the policy says None, with EC2 played by recording the outcome at once.
    private void Settle(PoolScenario s, WarmPoolTargets targets)
    {
        Cause cause = Cause.Of(CauseKind.WarmPool);
        for (int step = 0; step < 50; step++)
        {
            s.Now += TimeSpan.FromMinutes(2);
            switch (WarmPoolPolicy.Decide(s.Pool.GetWarmPoolView(s.Now), targets, s_m5Large))
            {
                case WarmPoolDecision.AddPrefixes add:
                    s.Must(new RecordPoolPrefixesRequested(s.Now, cause, add.EniId, add.Count));
                    s.Must(new RecordPoolPrefixesAdded(s.Now, cause, add.EniId,
                        new ValueList<Ipv4Prefix>(Enumerable.Range(0, add.Count).Select(_ => PoolScenario.Prefix(0, _nextPrefix++)))));
                    break;
                case WarmPoolDecision.AddIps add:
                    s.Must(new RecordPoolIpsRequested(s.Now, cause, add.EniId, add.Count));
                    s.Must(new RecordPoolIpsAdded(s.Now, cause, add.EniId, new ValueList<Ipv4Address>(Enumerable.Range(0, add.Count).Select(_ => PoolScenario.Ip(0, _nextHost++)))));
                    break;
                case WarmPoolDecision.ReleasePrefixes release:
                    s.Must(new RequestPoolPrefixesRelease(s.Now, cause, release.EniId, release.Prefixes));
                    s.Must(new RecordPoolPrefixesRemoved(s.Now, cause, release.EniId, release.Prefixes));
                    break;
                case WarmPoolDecision.ReleaseIps release:
                    s.Must(new RequestPoolIpsRelease(s.Now, cause, release.EniId, release.Ips));
                    s.Must(new RecordPoolIpsRemoved(s.Now, cause, release.EniId, release.Ips));
                    break;
                case WarmPoolDecision.None:
                    return;
                case var other:
                    throw new InvalidOperationException($"unexpected {other} in a one-ENI scenario");
            }
        }

        throw new InvalidOperationException("the warm pool did not settle within 50 actions");
    }

    private static string Describe(WarmPoolDecision decision) => decision switch
    {
        WarmPoolDecision.AddPrefixes a => $"AddPrefixes {a.EniId} {a.Count}",
        WarmPoolDecision.AttachEni a => $"AttachEni prefixes {a.PrefixCount}",
        WarmPoolDecision.ReleasePrefixes r => $"ReleasePrefixes {r.EniId} {r.Prefixes.Count}",
        WarmPoolDecision.ReleaseIps r => $"ReleaseIps {r.EniId} {r.Ips.Count}",
        WarmPoolDecision.DetachEni d => $"DetachEni {d.EniId}",
        _ => "None",
    };
}
