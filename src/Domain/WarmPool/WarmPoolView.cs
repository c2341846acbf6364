namespace EsCni.Domain.WarmPool;

/// <summary>The pool as the warm-pool policy sees it at one instant; build it with <see cref="Pool.NodePool.GetWarmPoolView"/>.</summary>
/// <param name="Now">The instant (for ENI age).</param>
/// <param name="Enis">Attached ENIs that are not being detached, by device index.</param>
/// <param name="PendingEniCreates">ENI creates in flight.</param>
public sealed record WarmPoolView(DateTimeOffset Now, ValueList<WarmPoolEni> Enis, int PendingEniCreates);
