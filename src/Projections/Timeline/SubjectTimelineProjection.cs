using EsCni.Domain.Events;
using EsCni.Domain.Net;

namespace EsCni.Projections.Timeline;

/// <summary>Collects, in LSN order, every event that touches one IP, pod, container or ENI.</summary>
/// <remarks>
/// Some events name their subject only indirectly: an IpReleased names the key, not the pod; an IP's ENI is known
/// from its IpAllocated or PoolIpsAdded; a create intent names a ClientToken that becomes an ENI id only at
/// EniCreated. The projection keeps just enough of those links (key → pod, IP → ENI, token → intent) to follow them.
/// </remarks>
public sealed class SubjectTimelineProjection : IProjection
{
    private readonly TimelineSubject _subject;
    private readonly Ipv4Address _ip;
    private readonly Ipv6Address? _ipv6;
    private readonly Ipv4Prefix _prefix;
    private readonly List<RecordedEvent> _events = [];
    private readonly HashSet<IpamKey> _keys = [];
    private readonly Dictionary<Ipv4Address, string> _ipEni = [];
    private readonly Dictionary<string, RecordedEvent> _intents = new(StringComparer.Ordinal);

    /// <summary>Follows <paramref name="subject"/>.</summary>
    /// <exception cref="ArgumentException">An IP subject is neither an IPv4 nor an IPv6 address.</exception>
    public SubjectTimelineProjection(TimelineSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        _subject = subject;
        if (subject.Kind == TimelineSubjectKind.Ip && Ipv6Address.TryParse(subject.Value, out Ipv6Address v6))
        {
            _ipv6 = v6;
        }
        else if (subject.Kind == TimelineSubjectKind.Ip && !Ipv4Address.TryParse(subject.Value, out _ip))
        {
            throw new ArgumentException($"'{subject.Value}' is not an IP address; expected 10.0.3.17 or 2600:1f14:abc:de01:1234::7", nameof(subject));
        }

        if (subject.Kind == TimelineSubjectKind.Prefix && !Ipv4Prefix.TryParse(subject.Value, out _prefix))
        {
            throw new ArgumentException($"'{subject.Value}' is not an IPv4 /28 prefix; expected an aligned /28 such as 10.0.3.16/28", nameof(subject));
        }
    }

    /// <summary>The matching events so far, in LSN order.</summary>
    public IReadOnlyList<RecordedEvent> Events => _events.OrderBy(e => e.Lsn).ToList();

    /// <inheritdoc />
    public void Apply(in RecordedEvent recorded)
    {
        if (_subject.Kind == TimelineSubjectKind.Eni && recorded.Event is EniCreateRequested request)
        {
            // Kept aside until EniCreated tells which ENI the token became.
            _intents[request.ClientToken] = recorded;
            return;
        }

        if (_subject.Kind == TimelineSubjectKind.Eni && recorded.Event is EniCreated created && created.EniId == _subject.Value
            && _intents.Remove(created.ClientToken, out RecordedEvent intent))
        {
            _events.Add(intent);
        }

        if (Matches(recorded.Event))
        {
            _events.Add(recorded);
        }
    }

    private bool Matches(DomainEvent e) => _subject.Kind switch
    {
        TimelineSubjectKind.Ip when _ipv6 is { } v6 => MatchesIpv6(e, v6),
        TimelineSubjectKind.Ip => MatchesIp(e),
        TimelineSubjectKind.Pod => MatchesKeyed(e, (_, pod) => pod.ToString() == _subject.Value),
        TimelineSubjectKind.Container => MatchesKeyed(e, (key, _) => IsContainer(key.ContainerId)),
        TimelineSubjectKind.Prefix => MatchesPrefix(e),
        _ => MatchesEni(e),
    };

    private bool IsContainer(string containerId) =>
        containerId == _subject.Value || (_subject.Value.Length >= 12 && containerId.StartsWith(_subject.Value, StringComparison.Ordinal));

    private bool MatchesIp(DomainEvent e) => e switch
    {
        IpAllocated a => a.Ip == _ip,
        IpAdopted a => a.Ip == _ip,
        IpReleased r => r.Ip == _ip,
        AllocationQuarantined q => q.Ip == _ip,
        IpHeld h => h.Ip == _ip,
        IpHoldLifted l => l.Ip == _ip,
        PoolIpsAdded p => Remember(p.EniId, p.Ips) && p.Ips.Contains(_ip),
        PoolIpsReleaseRequested p => p.Ips.Contains(_ip),
        PoolIpsReleaseFailed p => p.Ips.Contains(_ip),
        PoolIpsRemoved p => p.Ips.Contains(_ip),
        // An address of a delegated prefix: the prefix's own events are part of its story.
        PoolPrefixesAdded p => p.Prefixes.Contains(Ipv4Prefix.Of(_ip)) && Remember(p.EniId, new ValueList<Ipv4Address>([_ip])),
        PoolPrefixesReleaseRequested p => p.Prefixes.Contains(Ipv4Prefix.Of(_ip)),
        PoolPrefixesReleaseFailed p => p.Prefixes.Contains(Ipv4Prefix.Of(_ip)),
        PoolPrefixesRemoved p => p.Prefixes.Contains(Ipv4Prefix.Of(_ip)),
        EniDetached d => _ipEni.TryGetValue(_ip, out string? eni) && eni == d.EniId,
        DriftDetected d => d.Subject == _subject.Value,
        DriftResolved d => d.Subject == _subject.Value,
        _ => false,
    };

    // An IPv6 pod address: its allocations and releases, and the /80 it came from.
    private static bool MatchesIpv6(DomainEvent e, Ipv6Address address) => e switch
    {
        Ipv6Allocated a => a.Address == address,
        Ipv6Released r => r.Address == address,
        Ipv6CursorAdvanced c => c.InUse == address,
        Ipv6PrefixAdded p => p.Prefix.Contains(address),
        _ => false,
    };

    private bool MatchesPrefix(DomainEvent e) => e switch
    {
        PoolPrefixesAdded p => p.Prefixes.Contains(_prefix),
        PoolPrefixesReleaseRequested p => p.Prefixes.Contains(_prefix),
        PoolPrefixesReleaseFailed p => p.Prefixes.Contains(_prefix),
        PoolPrefixesRemoved p => p.Prefixes.Contains(_prefix),
        IpAllocated a => _prefix.Contains(a.Ip),
        IpAdopted a => _prefix.Contains(a.Ip),
        IpReleased r => _prefix.Contains(r.Ip),
        AllocationQuarantined q => _prefix.Contains(q.Ip),
        IpHeld h => _prefix.Contains(h.Ip),
        IpHoldLifted l => _prefix.Contains(l.Ip),
        _ => false,
    };

    private bool MatchesKeyed(DomainEvent e, Func<IpamKey, Pod, bool> isSubject)
    {
        switch (e)
        {
            case IpAllocated a when isSubject(a.Key, a.Pod):
                _keys.Add(a.Key);
                return true;
            case IpAdopted a when isSubject(a.Key, a.Pod):
                _keys.Add(a.Key);
                return true;
            case Ipv6Allocated a when isSubject(a.Key, a.Pod):
                _keys.Add(a.Key);
                return true;
            case IpReleased r:
                return _keys.Contains(r.Key);
            case Ipv6Released r:
                return _keys.Contains(r.Key);
            case AllocationQuarantined q:
                return _keys.Contains(q.Key);
            case DriftDetected d:
                return d.Subject == _subject.Value || _keys.Any(k => k.ToString() == d.Subject);
            case DriftResolved d:
                return d.Subject == _subject.Value || _keys.Any(k => k.ToString() == d.Subject);
            default:
                return false;
        }
    }

    private bool MatchesEni(DomainEvent e)
    {
        string eni = _subject.Value;
        switch (e)
        {
            case EniCreated c:
                return c.EniId == eni;
            case IpAllocated a:
                _ipEni[a.Ip] = a.EniId;
                return a.EniId == eni;
            case IpAdopted a:
                _ipEni[a.Ip] = a.EniId;
                return a.EniId == eni;
            case IpReleased r:
                return _ipEni.TryGetValue(r.Ip, out string? owner) && owner == eni;
            case AllocationQuarantined q:
                return _ipEni.TryGetValue(q.Ip, out string? flagged) && flagged == eni;
            case PoolIpsAdded p:
                Remember(p.EniId, p.Ips);
                return p.EniId == eni;
            default:
                return EniOf(e) == eni || (e is DriftDetected d && DriftSubject.IsEni(d.Subject, eni)) || (e is DriftResolved s && DriftSubject.IsEni(s.Subject, eni));
        }
    }

    private static string? EniOf(DomainEvent e) => e switch
    {
        EniAdopted x => x.EniId,
        EniAttached x => x.EniId,
        EniDetachRequested x => x.EniId,
        EniDetachFailed x => x.EniId,
        EniDetached x => x.EniId,
        EniDeleted x => x.EniId,
        PoolIpsRequested x => x.EniId,
        PoolIpsRequestFailed x => x.EniId,
        PoolIpsReleaseRequested x => x.EniId,
        PoolIpsReleaseFailed x => x.EniId,
        PoolIpsRemoved x => x.EniId,
        PoolPrefixesRequested x => x.EniId,
        PoolPrefixesAdded x => x.EniId,
        PoolPrefixesRequestFailed x => x.EniId,
        PoolPrefixesReleaseRequested x => x.EniId,
        PoolPrefixesReleaseFailed x => x.EniId,
        PoolPrefixesRemoved x => x.EniId,
        Ipv6PrefixRequested x => x.EniId,
        Ipv6PrefixAdded x => x.EniId,
        Ipv6PrefixRequestFailed x => x.EniId,
        Ipv6Allocated x => x.EniId,
        Ipv6Released x => x.EniId,
        Ipv6CursorAdvanced x => x.EniId,
        _ => null,
    };

    private bool Remember(string eniId, ValueList<Ipv4Address> ips)
    {
        foreach (Ipv4Address ip in ips.AsSpan())
        {
            _ipEni[ip] = eniId;
        }

        return true;
    }
}
