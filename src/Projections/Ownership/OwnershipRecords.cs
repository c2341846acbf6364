using EsCni.Domain.Codec;
using EsCni.Domain.Net;
using EsCni.Journal;
using EsCni.Journal.Indexing;
using EsCni.Projections.Replay;

namespace EsCni.Projections.Ownership;

/// <summary>
/// Which journal records can change who holds an IP — the one place that decides it, for the whole-history scan and
/// for the per-segment IP index (<see cref="Index"/>) alike, so the two cannot disagree.
/// </summary>
/// <remarks>
/// Pod events name their IP in field 2 and are matched on raw bytes (<see cref="PayloadProbe"/>); a payload the probe
/// cannot read is kept for every IP (decoded, never dropped). <see cref="EndsWithoutNamingIp"/> lists the events that
/// can end an ownership without naming the IP there: every lookup needs them. Adding a type to it (e.g. a prefix
/// removal) changes <see cref="Index"/>'s fingerprint, so indexes written before are rebuilt, never misread.
/// </remarks>
public static class OwnershipRecords
{
    /// <summary>The per-segment IP index: key = the IPv4 address as a u32.</summary>
    public static SegmentIndexDefinition Index { get; } = new("ipv4", Fingerprint(), Classify);

    /// <summary>Events that can end an ownership (see <see cref="OwnershipTimelineProjection"/>) without naming the IP in field 2.</summary>
    public static bool EndsWithoutNamingIp(ushort typeId) => typeId is EventTypeIds.EniDetached or EventTypeIds.PoolIpsRemoved;

    /// <summary>True when <paramref name="record"/> can matter to the ownership of <paramref name="ip"/>.</summary>
    public static bool Matter(in JournalRecord record, Ipv4Address ip) => Classify(in record, out uint key) switch
    {
        IndexMembership.EveryKey => true,
        IndexMembership.Key => key == ip.Value,
        _ => false,
    };

    /// <summary>Files a record under its IP, under every IP, or nowhere.</summary>
    public static IndexMembership Classify(in JournalRecord record, out uint key)
    {
        key = 0;
        if (PayloadProbe.CarriesLeadingIp(record.Type))
        {
            if (!PayloadProbe.TryReadLeadingIp(record.Payload.Span, out Ipv4Address ip))
            {
                return IndexMembership.EveryKey;
            }

            key = ip.Value;
            return IndexMembership.Key;
        }

        return EndsWithoutNamingIp(record.Type) ? IndexMembership.EveryKey : IndexMembership.None;
    }

    /// <summary>Bump when the probe reads IPs differently (a new payload layout) so older indexes are rebuilt.</summary>
    private const byte ProbeVersion = 1;

    /// <summary>How every type id is filed, hashed (FNV-1a): any change to either list gives another value.</summary>
    private static uint Fingerprint() => IndexFingerprint.Of(ProbeVersion,
        type => PayloadProbe.CarriesLeadingIp(type) ? (byte)1 : EndsWithoutNamingIp(type) ? (byte)2 : (byte)0);
}
