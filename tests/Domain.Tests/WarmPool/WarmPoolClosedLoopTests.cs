using System;
using System.Linq;
using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Pool;
using EsCni.Domain.Tests.Pool;
using EsCni.Domain.WarmPool;

namespace EsCni.Domain.Tests.WarmPool;

/// <summary>The policy driving a real <see cref="NodePool"/> (EC2 played by recording the outcome at once) until it settles.</summary>
public class WarmPoolClosedLoopTests
{
    private static readonly InstanceLimits s_m5Large = new(MaxEnis: 3, IpsPerEni: 10);

    private int _nextHost = 100; // hosts for IPs added to existing ENIs; 1..9 come with a new ENI, 200 is the primary IP

    // Runs policy → intent → outcome until the policy says None; returns how many actions it took.
    private int Settle(PoolScenario s, WarmPoolTargets targets)
    {
        Cause cause = Cause.Of(CauseKind.WarmPool);
        for (int step = 0; step < 50; step++)
        {
            s.Now += TimeSpan.FromMinutes(2);
            WarmPoolDecision decision = WarmPoolPolicy.Decide(s.Pool.GetWarmPoolView(s.Now), targets, s_m5Large);
            switch (decision)
            {
                case WarmPoolDecision.AddIps add:
                    s.Must(new RecordPoolIpsRequested(s.Now, cause, add.EniId, add.Count));
                    int device = s.Pool.GetEnis().Single(e => e.EniId == add.EniId).DeviceIndex;
                    s.Must(new RecordPoolIpsAdded(s.Now, cause, add.EniId,
                        new ValueList<Net.Ipv4Address>(Enumerable.Range(0, add.Count).Select(_ => PoolScenario.Ip(device, _nextHost++)))));
                    break;
                case WarmPoolDecision.AttachEni attach:
                    int next = s.Pool.GetEnis().Max(e => e.DeviceIndex) + 1;
                    s.Must(new RecordEniCreateRequested(s.Now, cause, $"token-{next}", "subnet-1"));
                    s.Must(new RecordEniCreated(s.Now, cause, PoolScenario.EniId(next), $"token-{next}", "subnet-1"));
                    s.AttachEni(next);
                    s.Must(new RecordPoolIpsAdded(s.Now, cause, PoolScenario.EniId(next), PoolScenario.IpsOf(next, attach.SecondaryIpCount)));
                    break;
                case WarmPoolDecision.ReleaseIps release:
                    s.Must(new RequestPoolIpsRelease(s.Now, cause, release.EniId, release.Ips));
                    s.Must(new RecordPoolIpsRemoved(s.Now, cause, release.EniId, release.Ips));
                    break;
                case WarmPoolDecision.DetachEni detach:
                    s.Must(new RequestEniDetach(s.Now, cause, detach.EniId));
                    s.Must(new RecordEniDetached(s.Now, cause, detach.EniId));
                    s.Must(new RecordEniDeleted(s.Now, cause, detach.EniId));
                    break;
                default:
                    return step;
            }
        }

        throw new InvalidOperationException("the warm pool did not settle within 50 actions");
    }

    [Fact]
    public void Settle_WarmIp5MinIp10_NewNodeHoldsTenIpsOnTwoEnis()
    {
        PoolScenario s = PoolScenario.Started(enis: 1, ipsAdded: 0);

        Settle(s, new WarmPoolTargets(WarmIpTarget: 5, MinimumIpTarget: 10));

        PoolCounts counts = s.Pool.GetCounts(s.Now);
        Assert.Equal((2, 10), (counts.Enis, counts.TotalIps));
    }

    [Fact]
    public void Settle_PodsComeAndGo_PoolGrowsThenShrinksBackToTargets()
    {
        PoolScenario s = PoolScenario.Started(enis: 1, ipsAdded: 0);
        WarmPoolTargets targets = new(WarmIpTarget: 5, MinimumIpTarget: 10);
        Settle(s, targets);

        for (int pod = 0; pod < 12; pod++)
        {
            s.Allocate(pod);
            Settle(s, targets);
        }

        Settle(s, targets);
        PoolCounts grown = s.Pool.GetCounts(s.Now);
        for (int pod = 0; pod < 12; pod++)
        {
            s.Release(pod);
        }

        Settle(s, targets);
        PoolCounts shrunk = s.Pool.GetCounts(s.Now);

        Assert.Equal(17, grown.TotalIps);
        Assert.Equal(5, grown.Free);
        Assert.Equal(10, shrunk.TotalIps);
        Assert.Empty(EsCni.Domain.Invariants.InvariantChecker.Check(s.Journal, expectedFirstLsn: 1));
    }

    [Fact]
    public void Settle_DefaultWarmEni_OnePodAddsASecondFullEniAndLeavingFreesIt()
    {
        PoolScenario s = PoolScenario.Started(enis: 1, ipsAdded: 0);
        WarmPoolTargets targets = new();
        Settle(s, targets);
        s.Allocate(1);
        Settle(s, targets);
        PoolCounts withPod = s.Pool.GetCounts(s.Now);

        s.Release(1);
        Settle(s, targets);
        PoolCounts after = s.Pool.GetCounts(s.Now);

        Assert.Equal((2, 18), (withPod.Enis, withPod.TotalIps));
        Assert.Equal((1, 9), (after.Enis, after.TotalIps));
    }
}
