using EsCni.Domain.Events;
using EsCni.Domain.Pool;

namespace EsCni.Projections.History;

/// <summary>Folds events into a <see cref="NodePool"/> with the aggregate's own <see cref="NodePool.Apply"/>: the same code the daemon rebuilds with.</summary>
/// <param name="pool">The pool to continue (empty, or loaded from a snapshot).</param>
public sealed class NodePoolProjection(NodePool pool) : IProjection
{
    /// <summary>The pool as of the last applied event.</summary>
    public NodePool Pool { get; } = pool ?? throw new ArgumentNullException(nameof(pool));

    /// <inheritdoc />
    public void Apply(in RecordedEvent recorded)
    {
        // Records at or below the snapshot's LSN were folded into it already.
        if (recorded.Lsn > Pool.LastLsn)
        {
            Pool.Apply(recorded);
        }
    }
}
