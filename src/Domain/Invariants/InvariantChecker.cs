namespace EsCni.Domain.Invariants;

/// <summary>Checks any sequence of recorded events against the pool invariants and lists every violation with its LSN.</summary>
/// <remarks>
/// Independent of <see cref="Pool.NodePool"/> on purpose: it must judge journals the aggregate would never write
/// (hand-edited, written by a buggy build) and so it never refuses an event. After a violation it folds the event
/// anyway, the way the journal's readers will, and keeps going. Feed it incrementally with <see cref="Observe"/>
/// (e.g. while replaying) or use <see cref="Check"/>. It allocates only when it finds a violation.
/// </remarks>
public sealed partial class InvariantChecker
{
    private readonly List<InvariantViolation> _violations = [];
    private readonly Dictionary<string, bool> _attached = new(StringComparer.Ordinal); // ENI id → detach requested
    private readonly Dictionary<string, int> _allocationsPerEni = new(StringComparer.Ordinal);
    private readonly Dictionary<Ipv4Address, string> _poolEni = [];
    private readonly Dictionary<Ipv4Address, (IpamKey Key, string EniId, long Lsn)> _owners = [];
    private readonly Dictionary<IpamKey, Ipv4Address> _keyIp = [];
    private readonly Dictionary<Ipv4Address, (long Ticks, long Lsn)> _lastRelease = [];
    private readonly Dictionary<Ipv4Address, long> _removedAt = [];
    private readonly Dictionary<Ipv4Address, long> _heldAt = [];
    private long? _lastLsn;
    private TimeSpan _cooldown;

    /// <summary>A checker for a journal read from its start (or from a point where the pool was empty).</summary>
    /// <param name="expectedFirstLsn">When set, the first event must carry this LSN.</param>
    /// <param name="initialCooldown">The cooldown before the first <see cref="NodeStarted"/> is seen.</param>
    public InvariantChecker(long? expectedFirstLsn = null, TimeSpan? initialCooldown = null)
    {
        _lastLsn = expectedFirstLsn - 1;
        _cooldown = initialCooldown ?? TimeSpan.Zero;
    }

    /// <summary>Every violation found so far, in LSN order.</summary>
    public IReadOnlyList<InvariantViolation> Violations => _violations;

    /// <summary>How many events were observed.</summary>
    public long EventCount { get; private set; }

    /// <summary>Checks a whole sequence.</summary>
    public static IReadOnlyList<InvariantViolation> Check(IEnumerable<RecordedEvent> events, long? expectedFirstLsn = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        InvariantChecker checker = new(expectedFirstLsn);
        foreach (RecordedEvent e in events)
        {
            checker.Observe(e);
        }

        return checker.Violations;
    }

    /// <summary>Checks one more event; returns how many violations it added.</summary>
    public int Observe(RecordedEvent recorded)
    {
        int before = _violations.Count;
        EventCount++;
        long lsn = recorded.Lsn;
        if (_lastLsn is { } last && lsn != last + 1)
        {
            Report(lsn, InvariantRules.LsnContiguous, Format($"LSN {lsn} follows LSN {last}; expected {last + 1}: the journal has a gap, repeat or reordering"));
        }

        _lastLsn = lsn;
        switch (recorded.Event)
        {
            case NodeStarted e:
                _cooldown = e.IpCooldown;
                break;
            case EniAttached e:
                _attached[e.EniId] = false;
                break;
            case EniDetachRequested e:
                if (_attached.ContainsKey(e.EniId))
                {
                    _attached[e.EniId] = true;
                }

                break;
            case EniDetachFailed e:
                if (_attached.ContainsKey(e.EniId))
                {
                    _attached[e.EniId] = false;
                }

                break;
            case EniDetached e:
                ObserveDetached(lsn, e);
                break;
            case PoolIpsAdded e:
                foreach (Ipv4Address ip in e.Ips.AsSpan())
                {
                    CheckNotInPrefix(lsn, ip, e.EniId);
                    _poolEni[ip] = e.EniId;
                    _removedAt.Remove(ip);
                }

                break;
            case PoolIpsRemoved e:
                foreach (Ipv4Address ip in e.Ips.AsSpan())
                {
                    if (_owners.TryGetValue(ip, out var owner))
                    {
                        Report(lsn, InvariantRules.RemovedIpNotAllocated, Format($"IP {ip} was removed from ENI {e.EniId}'s pool while allocated to {owner.Key} (since LSN {owner.Lsn})"));
                    }

                    _poolEni.Remove(ip);
                    _removedAt[ip] = lsn;
                }

                break;
            case IpAllocated e:
                ObserveAllocated(lsn, e);
                break;
            case IpAdopted e:
                // An adopted allocation obeys every allocation rule (one owner, from the pool, not held, cooled down).
                ObserveAllocated(lsn, new IpAllocated(e.EventId, e.At, e.Cause, e.Ip, e.EniId, e.Key, e.Pod, string.Empty));
                break;
            case IpReleased e:
                ObserveReleased(lsn, e);
                break;
            case IpHeld e:
                _heldAt.TryAdd(e.Ip, lsn);
                break;
            case PoolPrefixesAdded e:
                ObservePrefixesAdded(lsn, e);
                break;
            case PoolPrefixesReleaseRequested e:
                ObservePrefixesReleaseRequested(lsn, e);
                break;
            case PoolPrefixesRemoved e:
                ObservePrefixesRemoved(lsn, e);
                break;
            case IpHoldLifted e:
                _heldAt.Remove(e.Ip);
                break;
            case Ipv6PrefixRequested e:
                ObserveIpv6PrefixRequested(lsn, e);
                break;
            case Ipv6PrefixAdded e:
                ObserveIpv6PrefixAdded(e);
                break;
            case Ipv6PrefixRequestFailed e:
                ObserveIpv6PrefixSettled(e.EniId);
                break;
            case Ipv6Allocated e:
                ObserveIpv6Allocated(lsn, e);
                break;
            case Ipv6Released e:
                ObserveIpv6Released(lsn, e);
                break;
            case Ipv6CursorAdvanced e:
                _ipv6Cursor = Math.Max(_ipv6Cursor, e.NextOffset);
                break;
            default:
                break;
        }

        return _violations.Count - before;
    }

    private void ObserveDetached(long lsn, EniDetached e)
    {
        if (_allocationsPerEni.TryGetValue(e.EniId, out int count) && count > 0)
        {
            Report(lsn, InvariantRules.DetachWithoutAllocations, Format($"ENI {e.EniId} was detached while holding {count} allocations"));
        }

        _attached.Remove(e.EniId);
        _allocationsPerEni.Remove(e.EniId);
        List<Ipv4Address>? gone = null;
        foreach (KeyValuePair<Ipv4Address, string> member in _poolEni)
        {
            if (member.Value == e.EniId)
            {
                (gone ??= []).Add(member.Key);
            }
        }

        ForgetPrefixesOf(e.EniId, lsn);
        foreach (Ipv4Address ip in gone ?? [])
        {
            _poolEni.Remove(ip);
            _removedAt[ip] = lsn;
            if (_owners.Remove(ip, out var owner))
            {
                _keyIp.Remove(owner.Key);
            }
        }
    }

    private void ObserveAllocated(long lsn, IpAllocated e)
    {
        if (_owners.TryGetValue(e.Ip, out var owner))
        {
            Report(lsn, InvariantRules.SingleOwner, Format($"IP {e.Ip} was allocated to {e.Key} while {owner.Key} still owned it (allocated at LSN {owner.Lsn})"));
            Forget(e.Ip, owner.Key, owner.EniId);
        }

        if (_keyIp.TryGetValue(e.Key, out Ipv4Address held) && held != e.Ip)
        {
            Report(lsn, InvariantRules.OneIpPerKey, Format($"key {e.Key} was given IP {e.Ip} while it still held {held}"));
        }

        if (!_attached.TryGetValue(e.EniId, out _))
        {
            Report(lsn, InvariantRules.AllocatedOnAttachedEni, Format($"IP {e.Ip} was allocated on ENI {e.EniId}, which is not attached at LSN {lsn}"));
        }

        if (!_poolEni.TryGetValue(e.Ip, out string? poolEni))
        {
            if (_prefixRemovedAt.TryGetValue(Ipv4Prefix.Of(e.Ip), out long prefixGoneLsn))
            {
                Report(lsn, InvariantRules.AllocatedFromAssignedPrefix, Format($"IP {e.Ip} was allocated from prefix {Ipv4Prefix.Of(e.Ip)}, which left the pool at LSN {prefixGoneLsn}"));
            }
            else if (_removedAt.TryGetValue(e.Ip, out long removedLsn))
            {
                Report(lsn, InvariantRules.RemovedIpNotAllocated, Format($"IP {e.Ip} was allocated after it left the pool at LSN {removedLsn}"));
            }
            else
            {
                Report(lsn, InvariantRules.AllocatedFromPool, Format($"IP {e.Ip} was allocated on ENI {e.EniId} but was never added to a pool"));
            }
        }
        else if (poolEni != e.EniId)
        {
            Report(lsn, InvariantRules.AllocatedFromPool, Format($"IP {e.Ip} was allocated on ENI {e.EniId} but is in the pool of ENI {poolEni}"));
        }

        if (_heldAt.TryGetValue(e.Ip, out long heldLsn))
        {
            Report(lsn, InvariantRules.HeldIpNotAllocated, Format($"IP {e.Ip} was allocated to {e.Key} while held since LSN {heldLsn}: something outside the journal uses it"));
        }

        if (_lastRelease.TryGetValue(e.Ip, out var release) && e.At.UtcTicks < release.Ticks + _cooldown.Ticks)
        {
            TimeSpan since = TimeSpan.FromTicks(e.At.UtcTicks - release.Ticks);
            Report(lsn, InvariantRules.CooldownRespected, Format($"IP {e.Ip} was reallocated {since.TotalSeconds:0.###} s after its release at LSN {release.Lsn}; cooldown is {_cooldown.TotalSeconds:0.###} s"));
        }

        _owners[e.Ip] = (e.Key, e.EniId, lsn);
        _keyIp[e.Key] = e.Ip;
        _allocationsPerEni[e.EniId] = _allocationsPerEni.GetValueOrDefault(e.EniId) + 1;
    }

    private void ObserveReleased(long lsn, IpReleased e)
    {
        if (!_owners.TryGetValue(e.Ip, out var owner))
        {
            Report(lsn, InvariantRules.ReleaseMatchesOwner, Format($"IP {e.Ip} was released by {e.Key} but had no owner"));
        }
        else
        {
            if (owner.Key != e.Key)
            {
                Report(lsn, InvariantRules.ReleaseMatchesOwner, Format($"IP {e.Ip} was released naming {e.Key}, but {owner.Key} owned it (since LSN {owner.Lsn})"));
            }

            Forget(e.Ip, owner.Key, owner.EniId);
        }

        _lastRelease[e.Ip] = (e.At.UtcTicks, lsn);
    }

    private void Forget(Ipv4Address ip, IpamKey key, string eniId)
    {
        _owners.Remove(ip);
        if (_keyIp.TryGetValue(key, out Ipv4Address held) && held == ip)
        {
            _keyIp.Remove(key);
        }

        if (_allocationsPerEni.TryGetValue(eniId, out int count))
        {
            _allocationsPerEni[eniId] = count - 1;
        }
    }

    private void Report(long lsn, string rule, string message) => _violations.Add(new InvariantViolation(lsn, rule, message));

    private static string Format(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
