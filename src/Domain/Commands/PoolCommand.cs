namespace EsCni.Domain.Commands;

/// <summary>A request to change the pool; <see cref="Pool.NodePool.Decide"/> turns it into events or a rejection.</summary>
/// <param name="At">The caller's clock: the events' timestamp and the "now" for cooldown.</param>
/// <param name="Cause">Who asks; copied into the events.</param>
public abstract record PoolCommand(DateTimeOffset At, Cause Cause);
