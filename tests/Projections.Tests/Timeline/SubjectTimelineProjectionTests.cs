using System;
using System.Linq;
using EsCni.Domain.Events;
using EsCni.Projections.Timeline;
using static EsCni.Projections.Tests.Support.EventFactory;

namespace EsCni.Projections.Tests.Timeline;

public sealed class SubjectTimelineProjectionTests
{
    private static readonly DomainEvent[] s_story =
    [
        Allocated(10, "10.0.0.5", 1, "eni-b"),
        Allocated(11, "10.0.0.6", 2, "eni-a"),
        new AllocationQuarantined(Guid.NewGuid(), At(20), Cause.Of(CauseKind.Reconciler), Ip("10.0.0.5"), Key(1), "no veth"),
        Released(30, "10.0.0.5", 1),
        new EniDetachRequested(Guid.NewGuid(), At(40), Cause.Of(CauseKind.WarmPool), "eni-b"),
        new DriftDetected(Guid.NewGuid(), At(50), Cause.Of(CauseKind.Reconciler), "aws-cni/container-2/eth0", "allocated", "no sandbox"),
        new DriftDetected(Guid.NewGuid(), At(60), Cause.Of(CauseKind.Reconciler), "eni:eni-b", "no EsCni ENI is left detached", "available"),
        new DriftResolved(Guid.NewGuid(), At(61), Cause.Of(CauseKind.Reconciler), "eni:eni-b", "deleted as leaked"),
    ];

    [Theory]
    [InlineData(TimelineSubjectKind.Pod, "default/web-1", new long[] { 1, 3, 4 })]
    [InlineData(TimelineSubjectKind.Pod, "default/web-2", new long[] { 2, 6 })]
    [InlineData(TimelineSubjectKind.Container, "container-1", new long[] { 1, 3, 4 })]
    [InlineData(TimelineSubjectKind.Ip, "10.0.0.5", new long[] { 1, 3, 4 })]
    [InlineData(TimelineSubjectKind.Eni, "eni-b", new long[] { 1, 3, 4, 5, 7, 8 })]
    public void Apply_Story_CollectsTheEventsTouchingTheSubject(TimelineSubjectKind kind, string value, long[] expected)
    {
        SubjectTimelineProjection projection = new(new TimelineSubject(kind, value));
        for (int i = 0; i < s_story.Length; i++)
        {
            projection.Apply(new RecordedEvent(i + 1, s_story[i]));
        }

        Assert.Equal(expected, projection.Events.Select(e => e.Lsn));
    }

    [Fact]
    public void Constructor_BadIp_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SubjectTimelineProjection(new TimelineSubject(TimelineSubjectKind.Ip, "10.0.0.300")));
    }
}
