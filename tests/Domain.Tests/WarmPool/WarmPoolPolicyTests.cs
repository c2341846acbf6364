using System;
using System.Linq;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Domain.WarmPool;

namespace EsCni.Domain.Tests.WarmPool;

/// <summary>
/// Table tests after the VPC CNI's docs/eni-and-ip-target.md: m5.large-like limits (3 ENIs × 10 IPv4, so 9 pod IPs per ENI).
/// Each row is one pool state and the one action upstream's ipamd would take next.
/// </summary>
public class WarmPoolPolicyTests
{
    private static readonly InstanceLimits s_m5Large = new(MaxEnis: 3, IpsPerEni: 10);
    private static readonly DateTimeOffset s_now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    // enis: "ips/allocated" per ENI from device 0, e.g. "9/9,4/0".
    private static WarmPoolView View(string enis, bool cooling = false, bool young = false)
    {
        WarmPoolEni[] list = enis.Split(',', StringSplitOptions.RemoveEmptyEntries).Select((spec, device) =>
        {
            int[] parts = spec.Split('/').Select(int.Parse).ToArray();
            Ipv4Address[] releasable = Enumerable.Range(1, parts[0] - parts[1]).Select(h => new Ipv4Address((10u << 24) | ((uint)device << 8) | (uint)h)).ToArray();
            return new WarmPoolEni($"eni-{device}", device, parts[0], parts[1], cooling ? ValueList<Ipv4Address>.Empty : releasable, cooling && releasable.Length > 0,
                young ? s_now : s_now.AddHours(-1), Busy: false);
        }).ToArray();
        return new WarmPoolView(s_now, list, 0);
    }

    [Theory]
    // WARM_IP_TARGET=5, MINIMUM_IP_TARGET=10, new node: short = max(5-0, 10-0) = 10 → fill the primary ENI (9) first...
    [InlineData("0/0", 1, 5, 10, null, "AddIps eni-0 9")]
    // ...then the one missing IP comes on a new ENI (GetENIResourcesToAllocate = min(short, 9)).
    [InlineData("9/0", 1, 5, 10, null, "AttachEni 1")]
    // 10 IPs, none used: short 0, over = min(10-5, 10-10) = 0 → steady (the docs' "10 IPs with no pods").
    [InlineData("9/0,1/0", 1, 5, 10, null, "None")]
    // 8 pods: available 2 → short = max(5-2, 10-10) = 3 → add 3 on the ENI with room.
    [InlineData("9/8,1/0", 1, 5, 10, null, "AddIps eni-1 3")]
    // WARM_IP_TARGET=5 only: 5 IPs, then steady; 2 pods → short 2.
    [InlineData("0/0", 1, 5, null, null, "AddIps eni-0 5")]
    [InlineData("5/0", 1, 5, null, null, "None")]
    [InlineData("5/2", 1, 5, null, null, "AddIps eni-0 2")]
    // Over target: 13 IPs, 0 pods, WARM_IP 5 → over = min(13-5, 13-0) = 8 → release from the highest device first (4 there).
    [InlineData("9/0,4/0", 1, 5, null, null, "ReleaseIps eni-1 4")]
    // MINIMUM_IP_TARGET caps the release: over = min(13-2, 13-10) = 3.
    [InlineData("9/0,4/0", 1, 2, 10, null, "ReleaseIps eni-1 3")]
    // WARM_ENI_TARGET=1 (default): a fresh node fills its primary ENI with 9 IPs.
    [InlineData("0/0", 1, null, null, null, "AddIps eni-0 9")]
    // 1 pod: available 8 < 1 × 9 → attach another full ENI.
    [InlineData("9/1", 1, null, null, null, "AttachEni 9")]
    // 5 pods with 2 ENIs: available 13 ≥ 9 and < 18 → steady.
    [InlineData("9/5,9/0", 1, null, null, null, "None")]
    // Pods gone: available 18 ≥ (1+1) × 9 → free the unused secondary ENI.
    [InlineData("9/0,9/0", 1, null, null, null, "DetachEni eni-1")]
    // MAX_ENI=1: low but no room → nothing.
    [InlineData("9/9", 1, null, null, 1, "None")]
    // WARM_ENI_TARGET=0: grow only when nothing is available.
    [InlineData("9/8", 0, null, null, null, "None")]
    [InlineData("9/9", 0, null, null, null, "AttachEni 9")]
    // WARM_IP mode: an empty secondary ENI is freed when the others still meet the targets...
    [InlineData("9/0,1/0", 1, 5, null, null, "ReleaseIps eni-1 1")]
    [InlineData("9/4,0/0", 1, 5, null, null, "DetachEni eni-1")]
    // ...but not when it is needed for WARM_IP_TARGET (others have 2 free < 5).
    [InlineData("9/7,0/0", 1, 5, null, null, "AddIps eni-1 3")]
    public void Decide_DocumentedExamples_TakeUpstreamAction(string enis, int warmEni, int? warmIp, int? minIp, int? maxEni, string expected)
    {
        WarmPoolDecision decision = WarmPoolPolicy.Decide(View(enis), new WarmPoolTargets(warmEni, warmIp, minIp, maxEni), s_m5Large);

        Assert.Equal(expected, Describe(decision));
    }

    [Fact]
    public void Decide_IpsInCooldown_NeitherReleasedNorEniFreed()
    {
        WarmPoolDecision decision = WarmPoolPolicy.Decide(View("9/0,9/0", cooling: true), new WarmPoolTargets(), s_m5Large);

        Assert.Equal("None", Describe(decision));
    }

    [Fact]
    public void Decide_YoungEni_IsNotFreed()
    {
        WarmPoolDecision decision = WarmPoolPolicy.Decide(View("9/0,9/0", young: true), new WarmPoolTargets(), s_m5Large);

        Assert.Equal("None", Describe(decision));
    }

    [Fact]
    public void Decide_ActionInFlight_Waits()
    {
        WarmPoolView view = View("0/0") with { PendingEniCreates = 1 };

        Assert.Equal("None", Describe(WarmPoolPolicy.Decide(view, new WarmPoolTargets(), s_m5Large)));
    }

    [Fact]
    public void Decide_OnRealPoolView_FillsPrimaryEniThenStops()
    {
        Tests.Pool.PoolScenario s = Tests.Pool.PoolScenario.Started(enis: 1, ipsAdded: 0);

        WarmPoolDecision first = WarmPoolPolicy.Decide(s.Pool.GetWarmPoolView(s.Now), new WarmPoolTargets(WarmIpTarget: 3), s_m5Large);
        s.Must(new Commands.RecordPoolIpsAdded(s.Now, Tests.Pool.PoolScenario.Cni, "eni-0", Tests.Pool.PoolScenario.IpsOf(0, 3)));
        WarmPoolDecision second = WarmPoolPolicy.Decide(s.Pool.GetWarmPoolView(s.Now), new WarmPoolTargets(WarmIpTarget: 3), s_m5Large);

        Assert.Equal("AddIps eni-0 3", Describe(first));
        Assert.Equal("None", Describe(second));
    }

    private static string Describe(WarmPoolDecision decision) => decision switch
    {
        WarmPoolDecision.AddIps a => $"AddIps {a.EniId} {a.Count}",
        WarmPoolDecision.AttachEni a => $"AttachEni {a.SecondaryIpCount}",
        WarmPoolDecision.ReleaseIps r => $"ReleaseIps {r.EniId} {r.Ips.Count}",
        WarmPoolDecision.DetachEni d => $"DetachEni {d.EniId}",
        _ => "None",
    };
}
