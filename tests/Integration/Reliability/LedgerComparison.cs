namespace EsCni.Integration.Reliability;

/// <summary>
/// One comparison of the daemon's allocations with the <see cref="AllocationLedger"/>: broken promises (an acknowledged
/// ADD lost or moved, an IP with two holders) and keys whose DEL succeeded but whose IP is still allocated.
/// </summary>
internal sealed record LedgerComparison(IReadOnlyList<string> Violations, IReadOnlyList<string> LeakedAfterDel);
