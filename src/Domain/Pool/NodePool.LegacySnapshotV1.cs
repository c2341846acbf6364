using EsCni.Domain.Codec;
using EsCni.Domain.Codec.Legacy;
using EsCni.Domain.Events;
using EsCni.Domain.Net;

namespace EsCni.Domain.Pool;

/// <summary>
/// The EsCni 0.1 snapshot layout (format version 1): read so a node upgraded from 0.1 starts from its last snapshot
/// even when the segments before it are gone; written only by tests that prove exactly that.
/// </summary>
public sealed partial class NodePool
{
    internal void WriteLegacyStateV1(PayloadWriter w)
    {
        w.WriteVarInt(LastLsn);
        w.WriteBool(IsStopped);
        w.WriteBool(Node is not null);
        if (Node is { } n)
        {
            w.WriteString(n.InstanceId);
            w.WriteString(n.InstanceType);
            w.WriteString(n.AvailabilityZone);
            w.WriteStringList(n.VpcCidrs);
            w.WriteVarInt(n.MaxEnis);
            w.WriteVarInt(n.IpsPerEni);
            w.WriteString(n.Build);
            w.WriteTimeSpan(n.IpCooldown);
            w.WriteTimestamp(n.StartedAt);
        }

        IReadOnlyList<PendingEniCreate> pending = GetPendingEniCreates();
        w.WriteVarUInt((ulong)pending.Count);
        foreach (PendingEniCreate p in pending)
        {
            w.WriteString(p.ClientToken);
            w.WriteString(p.SubnetId);
            w.WriteTimestamp(p.RequestedAt);
        }

        IReadOnlyList<UnattachedEni> unattached = GetUnattachedEnis();
        w.WriteVarUInt((ulong)unattached.Count);
        foreach (UnattachedEni u in unattached)
        {
            w.WriteString(u.EniId);
            w.WriteString(u.SubnetId);
            w.WriteTimestamp(u.Since);
        }

        List<EniState> enis = _enis.Values.OrderBy(e => e.EniId, StringComparer.Ordinal).ToList();
        w.WriteVarUInt((ulong)enis.Count);
        foreach (EniState e in enis)
        {
            w.WriteString(e.EniId);
            w.WriteVarInt(e.DeviceIndex);
            w.WriteString(e.Mac);
            w.WriteString(e.SubnetId);
            w.WriteString(e.SubnetCidr);
            w.WriteIp(e.PrimaryIp);
            w.WriteVarInt(e.RouteTableId);
            w.WriteTimestamp(e.AttachedAt);
            w.WriteByte((byte)e.Status);
            w.WriteVarInt(e.PendingIpRequest ?? -1);
        }

        List<IpSlot> slots = _ips.Values.OrderBy(s => s.Ip).ToList();
        w.WriteVarUInt((ulong)slots.Count);
        foreach (IpSlot s in slots)
        {
            w.WriteIp(s.Ip);
            w.WriteString(s.EniId);
            w.WriteVarInt(s.ReleasedTicks);
            w.WriteBool(s.ReleaseRequested);
            w.WriteBool(s.Owner is not null);
            if (s.Owner is { } a)
            {
                w.WriteKey(a.Key);
                w.WritePod(a.Pod);
                w.WriteString(a.Netns);
                w.WriteTimestamp(a.AllocatedAt);
                w.WriteVarInt(a.AllocatedLsn);
                w.WriteNullableString(a.QuarantineEvidence);
            }
        }

        w.WriteVarUInt((ulong)_lastReleased.Count);
        foreach (KeyValuePair<Ipv4Address, long> released in _lastReleased.OrderBy(r => r.Key))
        {
            w.WriteIp(released.Key);
            w.WriteVarInt(released.Value);
        }

        IReadOnlyList<DriftDetected> drifts = GetOpenDrifts();
        w.WriteVarUInt((ulong)drifts.Count);
        foreach (DriftDetected d in drifts)
        {
            (ushort typeId, byte[] payload) = PositionalCodecV1.Encode(d);
            w.WriteVarUInt(typeId);
            w.WriteVarUInt((ulong)payload.Length);
            foreach (byte b in payload)
            {
                w.WriteByte(b);
            }
        }
    }

    internal static NodePool ReadLegacyStateV1(ref PayloadReader r)
    {
        NodePool pool = new() { LastLsn = r.ReadVarInt(), IsStopped = r.ReadBool() };
        if (r.ReadBool())
        {
            pool.Node = new NodeInfo(r.ReadString(), r.ReadString(), r.ReadString(), r.ReadStringList(), r.ReadInt32Var("MaxEnis"),
                r.ReadInt32Var("IpsPerEni"), r.ReadString(), r.ReadTimeSpan(), r.ReadTimestamp());
        }

        for (int i = r.ReadCount("pending creates", 3); i > 0; i--)
        {
            PendingEniCreate p = new(r.ReadString(), r.ReadString(), r.ReadTimestamp());
            pool._pendingCreates[p.ClientToken] = p;
        }

        for (int i = r.ReadCount("unattached ENIs", 3); i > 0; i--)
        {
            UnattachedEni u = new(r.ReadString(), r.ReadString(), r.ReadTimestamp());
            pool._unattached[u.EniId] = u;
        }

        for (int i = r.ReadCount("ENIs", 8); i > 0; i--)
        {
            EniState e = new()
            {
                EniId = r.ReadString(),
                DeviceIndex = r.ReadInt32Var("DeviceIndex"),
                Mac = r.ReadString(),
                SubnetId = r.ReadString(),
                SubnetCidr = r.ReadString(),
                PrimaryIp = r.ReadIp(),
                RouteTableId = r.ReadInt32Var("RouteTableId"),
                AttachedAt = r.ReadTimestamp(),
                Status = (EniStatus)r.ReadByte(),
            };
            if (e.Status > EniStatus.Detaching || pool._enis.ContainsKey(e.EniId))
            {
                r.Fail($"ENI '{e.EniId}' has status {(int)e.Status} or appears twice");
            }

            int pending = r.ReadInt32Var("PendingIpRequest");
            e.PendingIpRequest = pending < 0 ? null : pending;
            pool._enis[e.EniId] = e;
        }

        for (int i = r.ReadCount("IP slots", 8); i > 0; i--)
        {
            IpSlot s = new() { Ip = r.ReadIp(), EniId = r.ReadString(), ReleasedTicks = r.ReadVarInt(), ReleaseRequested = r.ReadBool() };
            bool owned = r.ReadBool();
            if (r.Error is not null || !pool._enis.TryGetValue(s.EniId, out EniState? eni) || pool._ips.ContainsKey(s.Ip))
            {
                r.Fail($"IP slot {s.Ip} names ENI '{s.EniId}' that is not in the snapshot, or appears twice");
                break;
            }

            if (owned)
            {
                s.Owner = new Allocation(s.Ip, eni.EniId, eni.DeviceIndex, eni.RouteTableId, r.ReadKey(), r.ReadPod(), r.ReadString(), r.ReadTimestamp(),
                    r.ReadVarInt(), r.ReadNullableString());
                if (r.Error is not null || !pool._byKey.TryAdd(s.Owner.Key, s.Owner))
                {
                    r.Fail($"allocation of {s.Ip} is unreadable or its key {s.Owner.Key} holds two IPs");
                    break;
                }

                eni.AllocatedCount++;
            }

            pool._ips[s.Ip] = s;
            eni.Ips.Add(s.Ip);
            pool.RefreshFree(s);
        }

        for (int i = r.ReadCount("release times", 5); i > 0; i--)
        {
            pool._lastReleased[r.ReadIp()] = r.ReadVarInt();
        }

        for (int i = r.ReadCount("open drifts", 2); i > 0 && r.Error is null; i--)
        {
            ushort typeId = (ushort)r.ReadVarUInt();
            int length = r.ReadCount("drift payload", 1);
            byte[] payload = new byte[length];
            for (int b = 0; b < length; b++)
            {
                payload[b] = r.ReadByte();
            }

            if (r.Error is null)
            {
                if (EventCodec.TryDecode(typeId, payload, out DomainEvent? drift, out string? error) && drift is DriftDetected d)
                {
                    pool._openDrifts[d.Subject] = d;
                }
                else
                {
                    r.Fail($"open drift entry does not decode: {error ?? "not a DriftDetected"}");
                }
            }
        }

        return pool;
    }
}
