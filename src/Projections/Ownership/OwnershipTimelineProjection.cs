using EsCni.Domain.Events;
using EsCni.Domain.Net;

namespace EsCni.Projections.Ownership;

/// <summary>Folds IpAllocated / IpAdopted / IpReleased / AllocationQuarantined / EniDetached / PoolIpsRemoved, and host-evidence IpHeld / IpHoldLifted, into an <see cref="OwnershipTimeline"/>.</summary>
/// <remarks>
/// Open intervals are kept per IP as a list, not a single slot: a second IpAllocated for an owned IP opens a second,
/// overlapping interval instead of silently replacing the first (the aggregate would have refused it, so when it
/// is in the journal the overlap is the evidence). A release closes the interval of the key it names, falling back
/// to the oldest open one. Restarts (NodeStopped/NodeStarted) end nothing: allocations survive a daemon restart.
/// </remarks>
public sealed class OwnershipTimelineProjection : IProjection
{
    private readonly Dictionary<Ipv4Address, List<OwnershipInterval>> _byIp = [];
    private readonly Dictionary<Ipv4Address, List<int>> _open = []; // IP → indexes into _byIp[ip] of live intervals
    private readonly Ipv4Address? _only;

    /// <summary>Tracks every IP, or only <paramref name="only"/> (who-had).</summary>
    public OwnershipTimelineProjection(Ipv4Address? only = null)
    {
        _only = only;
    }

    /// <summary>The read model so far; intervals not ended yet are <see cref="OwnershipEnd.Live"/>.</summary>
    public OwnershipTimeline Timeline => new(_byIp);

    /// <summary>True while some interval of <paramref name="ip"/> has not ended.</summary>
    public bool HasLive(Ipv4Address ip) => _open.TryGetValue(ip, out List<int>? open) && open.Count > 0;

    /// <inheritdoc />
    public void Apply(in RecordedEvent recorded)
    {
        switch (recorded.Event)
        {
            case IpAllocated e when Tracks(e.Ip):
                Open(recorded.Lsn, e);
                break;
            case IpAdopted e when Tracks(e.Ip):
                // Another CNI's allocation taken over: an owner like any other, from its adoption on, naming its source.
                Open(recorded.Lsn, new IpAllocated(e.EventId, e.At, e.Cause, e.Ip, e.EniId, e.Key, e.Pod, string.Empty), e.Source);
                break;
            case IpReleased e when Tracks(e.Ip):
                Close(e.Ip, e.Key, recorded.Lsn, e.At, OwnershipEnd.Released, e.Reason, e.Evidence);
                break;
            case AllocationQuarantined e when Tracks(e.Ip):
                Flag(e, recorded.Lsn);
                break;
            case IpHeld e when Tracks(e.Ip) && e.Source == HoldSource.HostRoute:
                // A pod the journal does not know used the IP: an owner for "who had it", named by its host veth, with
                // the evidence as its flag. EC2-conflict holds are not owners (the IP may still be allocated).
                Open(recorded.Lsn, new IpAllocated(e.EventId, e.At, e.Cause, e.Ip, string.Empty, HeldKey(e.HostVeth), new Pod(string.Empty, "(not in the journal)", string.Empty), e.PeerNetns));
                Flag(new AllocationQuarantined(e.EventId, e.At, e.Cause, e.Ip, HeldKey(e.HostVeth), e.Evidence), recorded.Lsn);
                break;
            case IpHoldLifted e when Tracks(e.Ip) && HasOpenHold(e.Ip):
                Close(e.Ip, _byIp[e.Ip][_open[e.Ip].First(i => _byIp[e.Ip][i].IsHostHold)].Key, recorded.Lsn, e.At, OwnershipEnd.HoldLifted, null, null);
                break;
            case EniDetached e:
                CloseWhere(i => i.EniId == e.EniId, recorded.Lsn, e.At, OwnershipEnd.EniDetached);
                break;
            case PoolIpsRemoved e:
                foreach (Ipv4Address ip in e.Ips.AsSpan())
                {
                    if (Tracks(ip))
                    {
                        Close(ip, null, recorded.Lsn, e.At, OwnershipEnd.PoolIpRemoved, null, null);
                    }
                }

                break;
            default:
                break;
        }
    }

    private bool Tracks(Ipv4Address ip) => _only is null || _only == ip;

    private static IpamKey HeldKey(string hostVeth) => new(OwnershipInterval.HostEvidenceNetwork, hostVeth, string.Empty);

    private bool HasOpenHold(Ipv4Address ip) => _open.TryGetValue(ip, out List<int>? open) && open.Any(i => _byIp[ip][i].IsHostHold);

    private void Open(long lsn, IpAllocated e, string? adoptedFrom = null)
    {
        if (!_byIp.TryGetValue(e.Ip, out List<OwnershipInterval>? list))
        {
            _byIp[e.Ip] = list = [];
        }

        list.Add(new OwnershipInterval(e.Ip, e.Key, e.Pod, e.Netns, e.EniId, e.At, lsn, e.Cause, OwnershipEnd.Live, null, null, null, []) { AdoptedFrom = adoptedFrom });
        if (!_open.TryGetValue(e.Ip, out List<int>? open))
        {
            _open[e.Ip] = open = [];
        }

        open.Add(list.Count - 1);
    }

    private void Close(Ipv4Address ip, IpamKey? key, long lsn, DateTimeOffset at, OwnershipEnd end, ReleaseReason? reason, string? evidence)
    {
        if (!_open.TryGetValue(ip, out List<int>? open) || open.Count == 0)
        {
            return;
        }

        List<OwnershipInterval> list = _byIp[ip];
        int which = 0;
        if (key is not null)
        {
            int match = open.FindIndex(i => list[i].Key == key);
            which = match < 0 ? 0 : match;
        }

        int index = open[which];
        open.RemoveAt(which);
        list[index] = list[index] with { End = end, EndedAt = at, EndedLsn = lsn, ReleaseReason = reason, ReleaseEvidence = string.IsNullOrEmpty(evidence) ? null : evidence };
    }

    private void CloseWhere(Func<OwnershipInterval, bool> predicate, long lsn, DateTimeOffset at, OwnershipEnd end)
    {
        foreach ((Ipv4Address ip, List<int> open) in _open)
        {
            List<OwnershipInterval> list = _byIp[ip];
            for (int k = open.Count - 1; k >= 0; k--)
            {
                if (predicate(list[open[k]]))
                {
                    list[open[k]] = list[open[k]] with { End = end, EndedAt = at, EndedLsn = lsn };
                    open.RemoveAt(k);
                }
            }
        }
    }

    private void Flag(AllocationQuarantined e, long lsn)
    {
        if (!_open.TryGetValue(e.Ip, out List<int>? open) || open.Count == 0)
        {
            return;
        }

        List<OwnershipInterval> list = _byIp[e.Ip];
        int match = open.FindIndex(i => list[i].Key == e.Key);
        int index = open[match < 0 ? 0 : match];
        list[index] = list[index] with { Quarantines = [.. list[index].Quarantines, new QuarantineMark(lsn, e.At, e.Evidence)] };
    }
}
