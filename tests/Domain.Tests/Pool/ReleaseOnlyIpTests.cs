using EsCni.Domain.Commands;
using EsCni.Domain.Events;
using EsCni.Domain.Pool;

namespace EsCni.Domain.Tests.Pool;

/// <summary>ReleaseIpByKey.OnlyIp, the deferred DEL's guard: it ends the key's allocation only while it holds that IP.</summary>
public class ReleaseOnlyIpTests
{
    [Fact]
    public void Decide_OnlyIpIsTheHeldIp_ReleasesWithTheRequestId()
    {
        PoolScenario s = PoolScenario.Started();
        Allocation held = s.Allocate(1);

        Decision decision = s.Must(new ReleaseIpByKey(s.Now, PoolScenario.Cni, PoolScenario.Key(1), ReleaseReason.DeferredDel) { OnlyIp = held.Ip, RequestId = "req-1" });

        IpReleased released = Assert.IsType<IpReleased>(Assert.Single(decision.Events));
        Assert.Equal((held.Ip, ReleaseReason.DeferredDel, "req-1"), (released.Ip, released.Reason, released.RequestId));
        Assert.False(s.Pool.TryGetAllocation(PoolScenario.Key(1), out _));
    }

    [Fact]
    public void Decide_KeyHoldsAnotherIp_AcceptedWithoutEventAndAllocationKept()
    {
        PoolScenario s = PoolScenario.Started();
        Allocation old = s.Allocate(1);
        s.Release(1);
        Allocation newer = s.Allocate(1);
        Assert.NotEqual(old.Ip, newer.Ip);

        Decision decision = s.Must(new ReleaseIpByKey(s.Now, PoolScenario.Cni, PoolScenario.Key(1), ReleaseReason.DeferredDel) { OnlyIp = old.Ip });

        Assert.Empty(decision.Events);
        Assert.True(s.Pool.TryGetAllocation(PoolScenario.Key(1), out Allocation? kept));
        Assert.Equal(newer.Ip, kept.Ip);
    }
}
