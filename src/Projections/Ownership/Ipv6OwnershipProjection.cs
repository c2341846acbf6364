using EsCni.Domain.Codec;
using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Journal;
using EsCni.Projections.Replay;

namespace EsCni.Projections.Ownership;

/// <summary>Who held an IPv6 address: folds Ipv6Allocated / Ipv6Released of one address (or all) into intervals — <c>replay who-had</c> for IPv6.</summary>
/// <remarks>
/// A whole-history lookup reads sealed segments through their <c>.ipv6</c> index (<see cref="Ipv6OwnershipRecords.Index"/>)
/// where it is usable and scans the rest, decoding only the address's IPv6 pod events (<see cref="Ipv6OwnershipRecords.Matter"/>).
/// As in <see cref="OwnershipTimelineProjection"/>, a second allocation of an owned address opens a second interval
/// (the evidence of a broken journal), and a release closes the interval of the key it names, else the oldest.
/// </remarks>
public sealed class Ipv6OwnershipProjection : IProjection
{
    private readonly Dictionary<Ipv6Address, List<Ipv6OwnershipInterval>> _byAddress = [];
    private readonly Ipv6Address? _only;

    /// <summary>Tracks every IPv6 address, or only <paramref name="only"/>.</summary>
    public Ipv6OwnershipProjection(Ipv6Address? only = null)
    {
        _only = only;
    }

    /// <summary>Decodes only the IPv6 pod events.</summary>
    public static bool Filter(in JournalRecord record) => record.Type is EventTypeIds.Ipv6Allocated or EventTypeIds.Ipv6Released;

    /// <summary>The intervals of <paramref name="address"/>, oldest first.</summary>
    public IReadOnlyList<Ipv6OwnershipInterval> For(Ipv6Address address) => _byAddress.TryGetValue(address, out List<Ipv6OwnershipInterval>? list) ? list : [];

    /// <summary>Every interval of every tracked address, by address then allocation.</summary>
    public IReadOnlyList<Ipv6OwnershipInterval> All => _byAddress.OrderBy(p => p.Key).SelectMany(p => p.Value).ToList();

    /// <summary>Every interval of <paramref name="address"/> in the readable journal, oldest first (sealed segments through their <c>.ipv6</c> index when it is usable).</summary>
    public static IReadOnlyList<Ipv6OwnershipInterval> WholeHistory(JournalReader reader, Ipv6Address address, int degree)
    {
        ArgumentNullException.ThrowIfNull(reader);
        Ipv6OwnershipProjection projection = new(address);
        IndexedOwnershipScan.Run(reader, Ipv6OwnershipRecords.Index, Ipv6OwnershipRecords.KeyOf(address),
            (in JournalRecord record) => Ipv6OwnershipRecords.Matter(in record, address), degree, projection);
        return projection.For(address);
    }

    /// <inheritdoc />
    public void Apply(in RecordedEvent recorded)
    {
        switch (recorded.Event)
        {
            case Ipv6Allocated e when _only is null || _only == e.Address:
                if (!_byAddress.TryGetValue(e.Address, out List<Ipv6OwnershipInterval>? list))
                {
                    _byAddress[e.Address] = list = [];
                }

                list.Add(new Ipv6OwnershipInterval(e.Address, e.Key, e.Pod, e.Netns, e.EniId, e.At, recorded.Lsn, e.Cause, null, null, null, null)
                {
                    AdoptedFrom = e.Source.Length == 0 ? null : e.Source,
                });
                break;
            case Ipv6Released e when _byAddress.TryGetValue(e.Address, out List<Ipv6OwnershipInterval>? open):
                int index = open.FindIndex(i => i.IsLive && i.Key == e.Key);
                index = index >= 0 ? index : open.FindIndex(i => i.IsLive);
                if (index >= 0)
                {
                    open[index] = open[index] with
                    {
                        ReleasedAt = e.At,
                        ReleasedLsn = recorded.Lsn,
                        ReleaseReason = e.Reason,
                        ReleaseEvidence = e.Evidence.Length == 0 ? null : e.Evidence,
                    };
                }

                break;
            default:
                break;
        }
    }
}
