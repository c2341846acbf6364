namespace EsCni.Projections.WhatIf;

/// <summary>The pool's counts from <paramref name="At"/> until the next point.</summary>
/// <param name="At">When the counts took these values.</param>
/// <param name="Allocated">IPs owned by pods (quarantined included).</param>
/// <param name="Held">Secondary IPs on the node's ENIs: allocated, free, cooling, or on their way back to EC2.</param>
/// <param name="Enis">ENIs attached, the primary included.</param>
public readonly record struct PoolPoint(DateTimeOffset At, int Allocated, int Held, int Enis)
{
    /// <summary>Held but not allocated.</summary>
    public int Free => Held - Allocated;
}
