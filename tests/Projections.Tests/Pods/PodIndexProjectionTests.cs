using System.Linq;
using EsCni.Domain.Events;
using EsCni.Projections.Pods;
using static EsCni.Projections.Tests.Support.EventFactory;

namespace EsCni.Projections.Tests.Pods;

public sealed class PodIndexProjectionTests
{
    [Fact]
    public void Index_PodWithTwoAllocations_FindsThemByNameUidAndContainerPrefix()
    {
        PodIndexProjection projection = new();
        DomainEvent[] events = [Allocated(1, "10.0.0.5", 1), Released(2, "10.0.0.5", 1), Allocated(3, "10.0.0.6", 2), Allocated(4, "10.0.0.7", 1)];
        for (int i = 0; i < events.Length; i++)
        {
            projection.Apply(new RecordedEvent(i + 1, events[i]));
        }

        PodIndex index = projection.Index;

        Assert.Equal(["10.0.0.5", "10.0.0.7"], index.ForPod("default", "web-1").Select(a => a.Ip.ToString()));
        Assert.Equal(["10.0.0.6"], index.ForPodUid("uid-2").Select(a => a.Ip.ToString()));
        Assert.Equal(2, index.ForContainer("container-1").Count);
        Assert.Empty(index.ForContainer("container"));
        Assert.Equal(["default/web-1", "default/web-2"], index.Pods);
    }
}
