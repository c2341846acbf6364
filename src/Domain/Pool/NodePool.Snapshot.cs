using EsCni.Domain.Codec;
using EsCni.Domain.Codec.Mapping;
using EsCni.Domain.Codec.Proto;

namespace EsCni.Domain.Pool;

/// <summary>Snapshot support: the state as a <c>PoolSnapshot</c> message in one fixed, sorted order (see <see cref="NodePoolSnapshot"/>).</summary>
public sealed partial class NodePool
{
    /// <summary>Encodes this pool's state (same as <see cref="NodePoolSnapshot.Encode"/>).</summary>
    public byte[] ToSnapshot() => NodePoolSnapshot.Encode(this);

    /// <summary>Loads a pool from snapshot bytes (this release's or 0.1's); then apply the journal from <see cref="LastLsn"/> + 1.</summary>
    /// <exception cref="FormatException">The bytes are not a readable snapshot; the message says why and what to do.</exception>
    public static NodePool FromSnapshot(ReadOnlySpan<byte> bytes) =>
        NodePoolSnapshot.TryDecode(bytes, out NodePool? pool, out string? error) ? pool : throw new FormatException(error);

    internal PoolSnapshot ToSnapshotMessage()
    {
        PoolSnapshot s = new() { LastLsn = LastLsn, IsStopped = IsStopped };
        if (Node is { } n)
        {
            s.Node = new SnapshotNode
            {
                InstanceId = n.InstanceId,
                InstanceType = n.InstanceType,
                AvailabilityZone = n.AvailabilityZone,
                MaxEnis = n.MaxEnis,
                IpsPerEni = n.IpsPerEni,
                Build = n.Build,
                IpCooldownTicks = n.IpCooldown.Ticks,
                StartedAt = Time(n.StartedAt),
            };
            s.Node.VpcCidrs.AddRange(n.VpcCidrs);
        }

        s.PendingCreates.AddRange(GetPendingEniCreates().Select(p => new SnapshotPendingEniCreate { ClientToken = p.ClientToken, SubnetId = p.SubnetId, RequestedAt = Time(p.RequestedAt) }));
        s.UnattachedEnis.AddRange(GetUnattachedEnis().Select(u => new SnapshotUnattachedEni { EniId = u.EniId, SubnetId = u.SubnetId, Since = Time(u.Since) }));
        foreach (EniState e in _enis.Values.OrderBy(e => e.EniId, StringComparer.Ordinal))
        {
            SnapshotEni eni = new()
            {
                EniId = e.EniId,
                DeviceIndex = e.DeviceIndex,
                Mac = e.Mac,
                SubnetId = e.SubnetId,
                SubnetCidr = e.SubnetCidr,
                PrimaryIp = e.PrimaryIp.Value,
                RouteTableId = e.RouteTableId,
                AttachedAt = Time(e.AttachedAt),
                Status = (int)e.Status,
            };
            if (e.PendingIpRequest is { } pending)
            {
                eni.PendingIpRequest = pending;
            }

            if (e.PendingPrefixRequest is { } pendingPrefixes)
            {
                eni.PendingPrefixRequest = pendingPrefixes;
            }

            s.Enis.Add(eni);
        }

        foreach (IpSlot slot in _ips.Values.OrderBy(s => s.Ip))
        {
            SnapshotIp ip = new() { Ip = slot.Ip.Value, EniId = slot.EniId, ReleasedTicks = slot.ReleasedTicks, ReleaseRequested = slot.ReleaseRequested };
            if (slot.Prefix is { } prefix)
            {
                ip.Prefix = prefix.Base.Value;
            }
            if (slot.Owner is { } a)
            {
                ip.Owner = new SnapshotAllocation
                {
                    Key = SharedMapping.Fill(null, a.Key),
                    Pod = SharedMapping.Fill(null, a.Pod),
                    Netns = a.Netns,
                    AllocatedAt = Time(a.AllocatedAt),
                    AllocatedLsn = a.AllocatedLsn,
                };
                if (a.QuarantineEvidence is { } evidence)
                {
                    ip.Owner.QuarantineEvidence = evidence;
                }
            }

            s.Ips.Add(ip);
        }

        s.ReleaseTimes.AddRange(_lastReleased.OrderBy(r => r.Key).Select(r => new SnapshotReleaseTime { Ip = r.Key.Value, ReleasedTicks = r.Value }));
        s.OpenDrifts.AddRange(GetOpenDrifts().Select(d => ByteString.CopyFrom(EventCodec.Encode(d).Payload)));
        s.Holds.AddRange(GetHolds().Select(h => ByteString.CopyFrom(EventCodec.Encode(h).Payload)));
        if (PrefixShortageAt is { } shortage)
        {
            s.PrefixShortageAt = Time(shortage);
        }

        WriteIpv6(s);
        return s;
    }

    /// <summary>Rebuilds the state from a snapshot message; throws <see cref="FormatException"/> naming what is inconsistent.</summary>
    internal static NodePool FromSnapshotMessage(PoolSnapshot s)
    {
        NodePool pool = new() { LastLsn = s.LastLsn, IsStopped = s.IsStopped };
        if (s.Node is { } n)
        {
            pool.Node = new NodeInfo(n.InstanceId, n.InstanceType, n.AvailabilityZone, new ValueList<string>(n.VpcCidrs), n.MaxEnis, n.IpsPerEni,
                n.Build, TimeSpan.FromTicks(n.IpCooldownTicks), Time(n.StartedAt));
        }

        foreach (SnapshotPendingEniCreate p in s.PendingCreates)
        {
            pool._pendingCreates[p.ClientToken] = new PendingEniCreate(p.ClientToken, p.SubnetId, Time(p.RequestedAt));
        }

        foreach (SnapshotUnattachedEni u in s.UnattachedEnis)
        {
            pool._unattached[u.EniId] = new UnattachedEni(u.EniId, u.SubnetId, Time(u.Since));
        }

        foreach (SnapshotEni e in s.Enis)
        {
            if (e.Status is < 0 or > (int)EniStatus.Detaching || pool._enis.ContainsKey(e.EniId))
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"ENI '{e.EniId}' has status {e.Status} or appears twice"));
            }

            pool._enis[e.EniId] = new EniState
            {
                EniId = e.EniId,
                DeviceIndex = e.DeviceIndex,
                Mac = e.Mac,
                SubnetId = e.SubnetId,
                SubnetCidr = e.SubnetCidr,
                PrimaryIp = new Ipv4Address(e.PrimaryIp),
                RouteTableId = e.RouteTableId,
                AttachedAt = Time(e.AttachedAt),
                Status = (EniStatus)e.Status,
                PendingIpRequest = e.HasPendingIpRequest ? e.PendingIpRequest : null,
                PendingPrefixRequest = e.HasPendingPrefixRequest ? e.PendingPrefixRequest : null,
            };
        }

        // Holds before slots: restoring a slot decides whether it is free, and a held slot never is.
        foreach (ByteString hold in s.Holds)
        {
            if (!EventCodec.TryDecode(EventTypeIds.IpHeld, hold.Span, out DomainEvent? decoded, out string? error) || decoded is not Events.IpHeld h)
            {
                throw new FormatException($"hold entry does not decode: {error ?? "not an IpHeld"}");
            }

            pool._holds[h.Ip] = h;
        }

        foreach (SnapshotIp i in s.Ips)
        {
            pool.RestoreSlot(i);
        }

        pool.RestorePrefixes();
        pool.PrefixShortageAt = s.PrefixShortageAt is null ? null : Time(s.PrefixShortageAt);

        foreach (SnapshotReleaseTime r in s.ReleaseTimes)
        {
            pool._lastReleased[new Ipv4Address(r.Ip)] = r.ReleasedTicks;
        }

        foreach (ByteString drift in s.OpenDrifts)
        {
            if (!EventCodec.TryDecode(EventTypeIds.DriftDetected, drift.Span, out DomainEvent? decoded, out string? error) || decoded is not Events.DriftDetected d)
            {
                throw new FormatException($"open drift entry does not decode: {error ?? "not a DriftDetected"}");
            }

            pool._openDrifts[d.Subject] = d;
        }

        pool.ReadIpv6(s);
        return pool;
    }

    private void RestoreSlot(SnapshotIp i)
    {
        IpSlot slot = new()
        {
            Ip = new Ipv4Address(i.Ip),
            EniId = i.EniId,
            ReleasedTicks = i.ReleasedTicks,
            ReleaseRequested = i.ReleaseRequested,
            Prefix = i.HasPrefix ? new Ipv4Prefix(new Ipv4Address(i.Prefix)) : null,
        };
        if (!_enis.TryGetValue(slot.EniId, out EniState? eni) || _ips.ContainsKey(slot.Ip))
        {
            throw new FormatException($"IP slot {slot.Ip} names ENI '{slot.EniId}' that is not in the snapshot, or appears twice");
        }

        if (i.Owner is { } a)
        {
            slot.Owner = new Allocation(slot.Ip, eni.EniId, eni.DeviceIndex, eni.RouteTableId, SharedMapping.Read(a.Key), SharedMapping.Read(a.Pod), a.Netns,
                Time(a.AllocatedAt), a.AllocatedLsn, a.HasQuarantineEvidence ? a.QuarantineEvidence : null);
            if (!_byKey.TryAdd(slot.Owner.Key, slot.Owner))
            {
                throw new FormatException($"allocation of {slot.Ip}: its key {slot.Owner.Key} holds two IPs");
            }

            eni.AllocatedCount++;
        }

        _ips[slot.Ip] = slot;
        eni.Ips.Add(slot.Ip);
        RefreshFree(slot);
    }

    // Prefixes are not stored apart: the slots name them, and a prefix counts only when all 16 addresses, on one ENI, came back.
    private void RestorePrefixes()
    {
        foreach (IGrouping<Ipv4Prefix, IpSlot> group in _ips.Values.Where(s => s.Prefix is not null).GroupBy(s => s.Prefix!.Value))
        {
            Ipv4Prefix prefix = group.Key;
            string eniId = group.First().EniId;
            if (!prefix.IsAligned || group.Count() != Ipv4Prefix.Size || group.Any(s => s.EniId != eniId || !prefix.Contains(s.Ip)))
            {
                throw new FormatException($"prefix {prefix} does not have its 16 addresses on one ENI in the snapshot");
            }

            _prefixes[prefix] = eniId;
            _enis[eniId].Prefixes.Add(prefix);
        }
    }

    private static SnapshotTime Time(DateTimeOffset at) => new() { UtcTicks = at.UtcTicks, OffsetMinutes = (int)at.Offset.TotalMinutes };

    private static DateTimeOffset Time(SnapshotTime? at) =>
        at is null ? throw new FormatException("a time is missing") : SharedMapping.Time(at.UtcTicks, at.OffsetMinutes);
}
