using EsCni.Domain.Codec;
using EsCni.Domain.Codec.Legacy;

namespace EsCni.Domain.Pool;

/// <summary>
/// The EsCni 0.1 snapshot layout (format version 1): read so a node upgraded from 0.1 starts from its last snapshot
/// even when the segments before it are gone; only tests write it (tests/TestSupport/Legacy), to prove exactly that.
/// </summary>
public sealed partial class NodePool
{
    // The 0.1 snapshot writer is test code (tests/TestSupport/Legacy/LegacySnapshotWriterV1.cs); it writes these as they are.
    internal IEnumerable<EniState> LegacyEniStates => _enis.Values;

    internal IEnumerable<IpSlot> LegacyIpSlots => _ips.Values;

    internal IReadOnlyDictionary<Ipv4Address, long> LegacyReleaseTimes => _lastReleased;

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
