namespace EsCni.Domain.Pool;

/// <summary>Pool totals at one instant, for metrics and messages.</summary>
/// <param name="Enis">Attached ENIs.</param>
/// <param name="TotalIps">Secondary IPs in the pool.</param>
/// <param name="Allocated">IPs with an owner (quarantined included).</param>
/// <param name="Quarantined">Allocated IPs under quarantine.</param>
/// <param name="Free">IPs that can be handed out now.</param>
/// <param name="CoolingDown">Free IPs still in cooldown.</param>
/// <param name="Unavailable">IPs neither allocated nor free: release requested, their ENI is detaching, or held by evidence outside the journal (<see cref="NodePool.GetHolds"/>).</param>
public readonly record struct PoolCounts(int Enis, int TotalIps, int Allocated, int Quarantined, int Free, int CoolingDown, int Unavailable);
