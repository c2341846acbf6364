using EsCni.Journal.Indexing;

namespace EsCni.Projections.Ownership;

/// <summary>
/// The per-segment who-had indexes kept for every sealed segment: <c>.ipv4</c> (<see cref="OwnershipRecords.Index"/>)
/// and <c>.ipv6</c> (<see cref="Ipv6OwnershipRecords.Index"/>). The daemon's indexing pass, <c>replay index</c> and
/// <c>replay verify</c> all go through this list, so a new kind is written and checked everywhere at once.
/// </summary>
public static class OwnershipIndexes
{
    /// <summary>Every who-had index kind, IPv4 first.</summary>
    public static IReadOnlyList<SegmentIndexDefinition> All { get; } = [OwnershipRecords.Index, Ipv6OwnershipRecords.Index];
}
