namespace EsCni.Domain.Pool;

/// <summary>Evolve: folds recorded events into the pool state, one <c>switch</c> case per event type.</summary>
/// <remarks>
/// Apply trusts events (they are facts already in the journal) and never throws on odd ones, such as an event
/// naming an unknown ENI in a hand-edited journal: it does the least surprising thing and leaves judging to
/// <see cref="Invariants.InvariantChecker"/>. It only refuses events out of LSN order, which is a caller bug.
/// </remarks>
public sealed partial class NodePool
{
    /// <summary>Rebuilds a pool from events in LSN order.</summary>
    public static NodePool Rebuild(IEnumerable<RecordedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        NodePool pool = new();
        foreach (RecordedEvent e in events)
        {
            pool.Apply(e);
        }

        return pool;
    }

    /// <summary>Applies one journaled event.</summary>
    /// <exception cref="ArgumentException">The LSN is not greater than <see cref="LastLsn"/> (applied twice or out of order).</exception>
    public void Apply(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded.Event);
        if (recorded.Lsn <= LastLsn)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"event LSN {recorded.Lsn} is not after the pool's last LSN {LastLsn}; apply each journaled event once, in LSN order."), nameof(recorded));
        }

        LastLsn = recorded.Lsn;
        switch (recorded.Event)
        {
            case NodeStarted e:
                Node = new NodeInfo(e.InstanceId, e.InstanceType, e.AvailabilityZone, e.VpcCidrs, e.MaxEnis, e.IpsPerEni, e.Build, e.IpCooldown, e.At);
                IsStopped = false;
                break;
            case NodeStopped:
                IsStopped = true;
                break;
            case EniCreateRequested e:
                _pendingCreates[e.ClientToken] = new PendingEniCreate(e.ClientToken, e.SubnetId, e.At);
                break;
            case EniCreated e:
                _pendingCreates.Remove(e.ClientToken);
                _unattached[e.EniId] = new UnattachedEni(e.EniId, e.SubnetId, e.At);
                break;
            case EniCreateFailed e:
                _pendingCreates.Remove(e.ClientToken);
                if (e.ErrorCode == InsufficientCidrBlocks)
                {
                    // An ENI created with prefixes fails like a prefix assign when the subnet has no free /28.
                    PrefixShortageAt = e.At;
                }

                break;
            case EniAttached e:
                ApplyEniAttached(e);
                break;
            case EniDetachRequested e:
                SetEniStatus(e.EniId, EniStatus.Detaching);
                break;
            case EniDetachFailed e:
                SetEniStatus(e.EniId, EniStatus.Attached);
                break;
            case EniDetached e:
                ApplyEniDetached(e);
                break;
            case EniDeleted e:
                _unattached.Remove(e.EniId);
                break;
            case PoolIpsRequested e:
                if (_enis.TryGetValue(e.EniId, out EniState? requesting))
                {
                    requesting.PendingIpRequest = e.Count;
                }

                break;
            case PoolIpsAdded e:
                ApplyPoolIpsAdded(e);
                break;
            case PoolIpsRequestFailed e:
                if (_enis.TryGetValue(e.EniId, out EniState? failed))
                {
                    failed.PendingIpRequest = null;
                }

                break;
            case PoolIpsReleaseRequested e:
                SetReleaseRequested(e.Ips, true);
                break;
            case PoolIpsReleaseFailed e:
                SetReleaseRequested(e.Ips, false);
                break;
            case PoolIpsRemoved e:
                foreach (Ipv4Address ip in e.Ips.AsSpan())
                {
                    RemoveSlot(ip, evenFromPrefix: false);
                }

                break;
            case PoolPrefixesRequested e:
                if (_enis.TryGetValue(e.EniId, out EniState? asking))
                {
                    asking.PendingPrefixRequest = e.Count;
                }

                break;
            case PoolPrefixesAdded e:
                ApplyPoolPrefixesAdded(e);
                break;
            case PoolPrefixesRequestFailed e:
                ApplyPoolPrefixesRequestFailed(e);
                break;
            case PoolPrefixesReleaseRequested e:
                SetPrefixReleaseRequested(e.Prefixes, true);
                break;
            case PoolPrefixesReleaseFailed e:
                SetPrefixReleaseRequested(e.Prefixes, false);
                break;
            case PoolPrefixesRemoved e:
                ApplyPoolPrefixesRemoved(e);
                break;
            case IpAllocated e:
                ApplyAllocation(e.Ip, e.Key, e.Pod, e.Netns, e.At, recorded.Lsn);
                break;
            case IpAdopted e:
                // Adoption is an allocation from here on, dated when the source allocated it (an export hands back that
                // time); the hold it replaces was lifted by the IpHoldLifted before it.
                ApplyAllocation(e.Ip, e.Key, e.Pod, string.Empty, e.AllocatedAt, recorded.Lsn);
                break;
            case IpReleased e:
                ApplyIpReleased(e);
                break;
            case AllocationQuarantined e:
                if (_ips.TryGetValue(e.Ip, out IpSlot? flagged) && flagged.Owner is { } owner)
                {
                    flagged.Owner = owner with { QuarantineEvidence = e.Evidence };
                    _byKey[owner.Key] = flagged.Owner;
                }

                break;
            case IpHeld e:
                ApplyHeld(e);
                break;
            case IpHoldLifted e:
                ApplyHoldLifted(e);
                break;
            case Ipv6PrefixRequested e:
                PendingIpv6PrefixEni = e.EniId;
                break;
            case Ipv6PrefixAdded e:
                ApplyIpv6PrefixAdded(e);
                break;
            case Ipv6PrefixRequestFailed e:
                if (PendingIpv6PrefixEni == e.EniId)
                {
                    PendingIpv6PrefixEni = null;
                }

                break;
            case Ipv6Allocated e:
                ApplyIpv6Allocated(e, recorded.Lsn);
                break;
            case Ipv6Released e:
                ApplyIpv6Released(e);
                break;
            case Ipv6CursorAdvanced e:
                NextIpv6Offset = Math.Max(NextIpv6Offset, e.NextOffset);
                break;
            case DriftDetected e:
                _openDrifts[e.Subject] = e;
                break;
            case DriftResolved e:
                _openDrifts.Remove(e.Subject);
                break;
            default:
                // An event type this aggregate does not fold (e.g. one added for projections only) changes no pool state.
                break;
        }
    }

    private void ApplyEniAttached(EniAttached e)
    {
        _unattached.Remove(e.EniId);
        if (_enis.ContainsKey(e.EniId))
        {
            return;
        }

        _enis[e.EniId] = new EniState
        {
            EniId = e.EniId,
            DeviceIndex = e.DeviceIndex,
            Mac = e.Mac,
            SubnetId = e.SubnetId,
            SubnetCidr = e.SubnetCidr,
            PrimaryIp = e.PrimaryIp,
            RouteTableId = e.RouteTableId,
            AttachedAt = e.At,
        };
    }

    private void ApplyEniDetached(EniDetached e)
    {
        if (!_enis.Remove(e.EniId, out EniState? eni))
        {
            return;
        }

        foreach (Ipv4Address ip in eni.Ips)
        {
            if (_ips.Remove(ip, out IpSlot? slot))
            {
                _free.Remove(new FreeSlotOrder(slot.ReleasedTicks, ip));
                if (slot.Owner is { } owner)
                {
                    _byKey.Remove(owner.Key);
                }
            }
        }

        foreach (Ipv4Prefix prefix in eni.Prefixes)
        {
            _prefixes.Remove(prefix);
        }

        _unattached[e.EniId] = new UnattachedEni(e.EniId, eni.SubnetId, e.At);
    }

    private void SetEniStatus(string eniId, EniStatus status)
    {
        if (!_enis.TryGetValue(eniId, out EniState? eni) || eni.Status == status)
        {
            return;
        }

        eni.Status = status;
        foreach (Ipv4Address ip in eni.Ips)
        {
            RefreshFree(_ips[ip]);
        }
    }

    private void ApplyPoolIpsAdded(PoolIpsAdded e)
    {
        if (!_enis.TryGetValue(e.EniId, out EniState? eni))
        {
            return;
        }

        eni.PendingIpRequest = null;
        foreach (Ipv4Address ip in e.Ips.AsSpan())
        {
            if (_ips.ContainsKey(ip))
            {
                continue;
            }

            IpSlot slot = new() { Ip = ip, EniId = e.EniId, ReleasedTicks = _lastReleased.GetValueOrDefault(ip) };
            _ips[ip] = slot;
            eni.Ips.Add(ip);
            RefreshFree(slot);
        }
    }

    private void SetReleaseRequested(ValueList<Ipv4Address> ips, bool requested)
    {
        foreach (Ipv4Address ip in ips.AsSpan())
        {
            if (_ips.TryGetValue(ip, out IpSlot? slot))
            {
                slot.ReleaseRequested = requested;
                RefreshFree(slot);
            }
        }
    }

    // A prefix address leaves only with its prefix (PoolPrefixesRemoved); a PoolIpsRemoved naming one changes nothing.
    private void RemoveSlot(Ipv4Address ip, bool evenFromPrefix)
    {
        if (!_ips.TryGetValue(ip, out IpSlot? slot) || (slot.Prefix is not null && !evenFromPrefix))
        {
            return;
        }

        _ips.Remove(ip);

        _free.Remove(new FreeSlotOrder(slot.ReleasedTicks, ip));
        if (_enis.TryGetValue(slot.EniId, out EniState? eni))
        {
            eni.Ips.Remove(ip);
            if (slot.Owner is not null)
            {
                eni.AllocatedCount--;
            }
        }

        if (slot.Owner is { } owner)
        {
            _byKey.Remove(owner.Key);
        }
    }

    private void ApplyAllocation(Ipv4Address ip, IpamKey key, Pod pod, string netns, DateTimeOffset at, long lsn)
    {
        if (!_ips.TryGetValue(ip, out IpSlot? slot) || !_enis.TryGetValue(slot.EniId, out EniState? eni))
        {
            return;
        }

        _free.Remove(new FreeSlotOrder(slot.ReleasedTicks, slot.Ip));
        if (slot.Owner is { } previous)
        {
            _byKey.Remove(previous.Key);
            eni.AllocatedCount--;
        }

        Allocation allocation = new(ip, eni.EniId, eni.DeviceIndex, eni.RouteTableId, key, pod, netns, at, lsn, null);
        slot.Owner = allocation;
        eni.AllocatedCount++;
        _byKey[key] = allocation;
    }

    private void ApplyIpReleased(IpReleased e)
    {
        _lastReleased[e.Ip] = e.At.UtcTicks;
        if (!_ips.TryGetValue(e.Ip, out IpSlot? slot))
        {
            return;
        }

        if (slot.Owner is { } owner)
        {
            _byKey.Remove(owner.Key);
            if (_enis.TryGetValue(slot.EniId, out EniState? eni))
            {
                eni.AllocatedCount--;
            }
        }

        _free.Remove(new FreeSlotOrder(slot.ReleasedTicks, slot.Ip));
        slot.Owner = null;
        slot.ReleasedTicks = e.At.UtcTicks;
        RefreshFree(slot);
    }
}
