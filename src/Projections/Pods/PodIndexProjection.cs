using EsCni.Domain.Events;
using EsCni.Projections.Ownership;

namespace EsCni.Projections.Pods;

/// <summary>Folds pod events into a <see cref="PodIndex"/>; an allocation is the same interval the ownership timeline keeps, indexed by pod.</summary>
public sealed class PodIndexProjection : IProjection
{
    private readonly OwnershipTimelineProjection _ownership = new();

    /// <summary>The read model so far.</summary>
    public PodIndex Index => new(_ownership.Timeline.All.ToList());

    /// <inheritdoc />
    public void Apply(in RecordedEvent recorded) => _ownership.Apply(in recorded);
}
