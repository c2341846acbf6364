using System;
using System.Linq;
using EsCni.Domain.Events;
using EsCni.Projections.Ownership;
using static EsCni.Projections.Tests.Support.EventFactory;

namespace EsCni.Projections.Tests.Ownership;

public sealed class OwnershipTimelineProjectionTests
{
    private long _lsn;

    [Fact]
    public void Apply_AllocateReleaseReallocate_GivesTwoConsecutiveIntervals()
    {
        OwnershipTimelineProjection projection = new();
        Feed(projection, Allocated(10, "10.0.0.5", 1), Released(60, "10.0.0.5", 1), Allocated(200, "10.0.0.5", 2));

        OwnershipInterval[] owners = projection.Timeline.For(Ip("10.0.0.5")).ToArray();

        Assert.Equal(2, owners.Length);
        Assert.Equal(("web-1", 1L, 2L, OwnershipEnd.Released, ReleaseReason.CniDel), (owners[0].Pod.Name, owners[0].AllocatedLsn, owners[0].EndedLsn!.Value, owners[0].End, owners[0].ReleaseReason!.Value));
        Assert.Equal(At(60), owners[0].EndedAt);
        Assert.True(owners[1].IsLive);
        Assert.Equal("add-2", owners[1].AllocatedBy.RequestId);
        Assert.Equal(["web-1"], projection.Timeline.OwnersAt(Ip("10.0.0.5"), At(59)).Select(o => o.Pod.Name));
        Assert.Empty(projection.Timeline.OwnersAt(Ip("10.0.0.5"), At(60)));
        Assert.Equal(["web-2"], projection.Timeline.OwnersAt(Ip("10.0.0.5"), At(1000)).Select(o => o.Pod.Name));
        Assert.Equal(2, projection.Timeline.OwnersDuring(Ip("10.0.0.5"), At(50), At(250)).Count);
    }

    [Fact]
    public void Apply_ReleaseWithEvidence_IntervalCarriesItAndOneWithoutStaysNull()
    {
        OwnershipTimelineProjection projection = new();
        Feed(projection, Allocated(10, "10.0.0.5", 1), Released(60, "10.0.0.5", 1, ReleaseReason.RuntimeGc) with { Evidence = "sandbox container-1 absent from 3 answers" },
            Allocated(200, "10.0.0.5", 2), Released(260, "10.0.0.5", 2));

        OwnershipInterval[] owners = projection.Timeline.For(Ip("10.0.0.5")).ToArray();

        Assert.Equal((ReleaseReason.RuntimeGc, "sandbox container-1 absent from 3 answers"), (owners[0].ReleaseReason!.Value, owners[0].ReleaseEvidence));
        Assert.Null(owners[1].ReleaseEvidence);
    }

    [Fact]
    public void Apply_Adopted_IsAnOwnerNamingItsSource_UntilItsRelease()
    {
        OwnershipTimelineProjection projection = new();
        IpAdopted adopted = new(Guid.NewGuid(), At(10), Cni(), Ip("10.0.0.5"), "eni-a", Key(1), Pod(1) with { Uid = string.Empty }, At(-3600), "vpc-cni-checkpoint /var/run/aws-node/ipam.json");
        Feed(projection, Allocated(5, "10.0.0.6", 2), adopted, Released(60, "10.0.0.5", 1));

        OwnershipInterval owner = Assert.Single(projection.Timeline.For(Ip("10.0.0.5")));

        Assert.Equal(("web-1", "vpc-cni-checkpoint /var/run/aws-node/ipam.json", At(10), OwnershipEnd.Released), (owner.Pod.Name, owner.AdoptedFrom, owner.AllocatedAt, owner.End));
        Assert.Null(Assert.Single(projection.Timeline.For(Ip("10.0.0.6"))).AdoptedFrom);
    }

    [Fact]
    public void Apply_DoubleAllocation_KeepsBothOwnersOverlapping()
    {
        OwnershipTimelineProjection projection = new();
        Feed(projection, Allocated(10, "10.0.0.5", 1), Allocated(20, "10.0.0.5", 2), Released(30, "10.0.0.5", 1));

        OwnershipInterval[] owners = projection.Timeline.For(Ip("10.0.0.5")).ToArray();

        Assert.Equal(2, projection.Timeline.OwnersAt(Ip("10.0.0.5"), At(25)).Count);
        Assert.Equal(OwnershipEnd.Released, owners[0].End);
        Assert.True(owners[1].IsLive);
    }

    [Fact]
    public void Apply_EniDetachedAndQuarantine_EndAndFlagTheInterval()
    {
        OwnershipTimelineProjection projection = new();
        Feed(projection,
            Allocated(10, "10.0.0.5", 1, "eni-b"),
            Allocated(11, "10.0.0.6", 2, "eni-a"),
            new AllocationQuarantined(Guid.NewGuid(), At(20), Cause.Of(CauseKind.Reconciler), Ip("10.0.0.5"), Key(1), "no veth"),
            new EniDetached(Guid.NewGuid(), At(30), Cause.Of(CauseKind.WarmPool), "eni-b"));

        OwnershipInterval flagged = Assert.Single(projection.Timeline.For(Ip("10.0.0.5")));
        Assert.Equal(OwnershipEnd.EniDetached, flagged.End);
        Assert.Equal(4, flagged.EndedLsn);
        QuarantineMark mark = Assert.Single(flagged.Quarantines);
        Assert.Equal((3L, "no veth"), (mark.Lsn, mark.Evidence));
        Assert.True(Assert.Single(projection.Timeline.For(Ip("10.0.0.6"))).IsLive);
    }

    [Fact]
    public void Apply_OnlyOneIp_IgnoresOthers()
    {
        OwnershipTimelineProjection projection = new(only: Ip("10.0.0.6"));
        Feed(projection, Allocated(10, "10.0.0.5", 1), Allocated(11, "10.0.0.6", 2));

        Assert.Equal([Ip("10.0.0.6")], projection.Timeline.Ips);
    }

    [Fact]
    public void Apply_HostHoldThenLiftThenAllocation_ShowsTheUnknownPodWithItsEvidenceBeforeTheNewOwner()
    {
        OwnershipTimelineProjection projection = new();
        Cause scan = new(CauseKind.Reconciler, null);
        Feed(projection,
            new IpHeld(Guid.NewGuid(), At(5), scan, Ip("10.0.0.5"), HoldSource.HostRoute, "route 10.0.0.5/32 dev eniabc", "eniabc", "netnsid 2", 2, At(5)),
            new IpHeld(Guid.NewGuid(), At(6), scan, Ip("10.0.0.6"), HoldSource.Ec2OtherEni, "EC2 moved it", "eni-b", string.Empty, 0, At(6)),
            new IpHoldLifted(Guid.NewGuid(), At(50), scan, Ip("10.0.0.5"), "gone in 2 consecutive scans"),
            Allocated(60, "10.0.0.5", 1));

        OwnershipInterval[] owners = projection.Timeline.For(Ip("10.0.0.5")).ToArray();

        Assert.Equal(2, owners.Length);
        Assert.True(owners[0].IsHostHold);
        Assert.Equal(("eniabc", OwnershipEnd.HoldLifted, At(50)), (owners[0].Key.ContainerId, owners[0].End, owners[0].EndedAt!.Value));
        Assert.Equal("route 10.0.0.5/32 dev eniabc", Assert.Single(owners[0].Quarantines).Evidence);
        Assert.False(owners[1].IsHostHold);
        Assert.Empty(projection.Timeline.For(Ip("10.0.0.6")));
    }

    private void Feed(IProjection projection, params DomainEvent[] events)
    {
        foreach (DomainEvent e in events)
        {
            projection.Apply(new RecordedEvent(++_lsn, e));
        }
    }
}
