using EsCni.Domain.Events;
using EsCni.Domain.Invariants;

namespace EsCni.Projections.Audit;

/// <summary>Feeds the Domain's <see cref="InvariantChecker"/> from a replay pass, so verify judges with the rules the aggregate enforces.</summary>
/// <param name="checker">The checker to feed.</param>
public sealed class InvariantProjection(InvariantChecker checker) : IProjection
{
    /// <summary>The checker and its findings.</summary>
    public InvariantChecker Checker { get; } = checker ?? throw new ArgumentNullException(nameof(checker));

    /// <inheritdoc />
    public void Apply(in RecordedEvent recorded) => Checker.Observe(recorded);
}
