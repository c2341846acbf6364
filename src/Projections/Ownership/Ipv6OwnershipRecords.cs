using EsCni.Domain.Codec;
using EsCni.Domain.Net;
using EsCni.Journal;
using EsCni.Journal.Indexing;

namespace EsCni.Projections.Ownership;

/// <summary>
/// Which journal records can change who holds an IPv6 address, for the scan and for the per-segment <c>.ipv6</c> index
/// (<see cref="Index"/>) alike — the IPv6 twin of <see cref="OwnershipRecords"/>, whose <c>.ipv4</c> files it leaves as they are.
/// </summary>
/// <remarks>
/// Only Ipv6Allocated and Ipv6Released change an IPv6 owner (<see cref="Ipv6OwnershipProjection"/>); nothing ends one
/// without naming the address, so the every-key list holds only payloads the probe cannot read (decoded, never dropped).
/// The index file keeps the journal's 32-bit keys (docs/journal-format.md §10): the key is the address folded to 32 bits
/// (<see cref="KeyOf"/>). Addresses of one /80 differ only in their low 48 bits and the cursor hands them out in order,
/// so the first 2^32 addresses of a node get distinct keys; a shared key only makes a lookup read the other address's
/// frames too, which the projection then ignores — never a different answer.
/// </remarks>
public static class Ipv6OwnershipRecords
{
    /// <summary>The per-segment IPv6 index: key = <see cref="KeyOf"/> of the address.</summary>
    public static SegmentIndexDefinition Index { get; } = new("ipv6", Fingerprint(), Classify);

    /// <summary>The index key of <paramref name="address"/>: its four 32-bit words XORed.</summary>
    public static uint KeyOf(Ipv6Address address)
    {
        UInt128 v = address.Value;
        return (uint)(v >> 96) ^ (uint)(v >> 64) ^ (uint)(v >> 32) ^ (uint)v;
    }

    /// <summary>True when <paramref name="record"/> can matter to the ownership of <paramref name="address"/> (the scan's filter).</summary>
    public static bool Matter(in JournalRecord record, Ipv6Address address) => Classify(in record, out uint key) switch
    {
        IndexMembership.EveryKey => true,
        IndexMembership.Key => key == KeyOf(address),
        _ => false,
    };

    /// <summary>Files a record under its address's key, under every key (a payload the probe cannot read), or nowhere.</summary>
    public static IndexMembership Classify(in JournalRecord record, out uint key)
    {
        key = 0;
        if (!EventCodec.CarriesLeadingIpv6(record.Type))
        {
            return IndexMembership.None;
        }

        if (!EventCodec.TryReadLeadingIpv6(record.Payload.Span, out Ipv6Address address))
        {
            return IndexMembership.EveryKey;
        }

        key = KeyOf(address);
        return IndexMembership.Key;
    }

    /// <summary>Bump when the probe or the key changes, so indexes written before are rebuilt, never misread.</summary>
    private const byte ProbeVersion = 1;

    /// <summary>How every type id is filed, hashed (FNV-1a), as for the <c>.ipv4</c> index.</summary>
    private static uint Fingerprint() => IndexFingerprint.Of(ProbeVersion, type => EventCodec.CarriesLeadingIpv6(type) ? (byte)1 : (byte)0);
}
