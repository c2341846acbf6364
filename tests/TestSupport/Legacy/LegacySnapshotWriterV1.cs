using EsCni.Domain.Events;
using EsCni.Domain.Net;
using EsCni.Domain.Pool;

namespace EsCni.Testing.Legacy;

/// <summary>
/// Writes a <see cref="NodePool"/> the way EsCni 0.1 did (snapshot format version 1), so tests prove that a node upgraded
/// from 0.1 still starts from its last snapshot. Production only reads this layout (NodePool's LegacySnapshotV1 part).
/// </summary>
public static class LegacySnapshotWriterV1
{
    /// <summary>The whole 0.1 snapshot: magic "ESNP", format version 1, then the state.</summary>
    public static byte[] Encode(NodePool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        PayloadWriter writer = new(1024);
        foreach (byte b in NodePoolSnapshot.Magic)
        {
            writer.WriteByte(b);
        }

        writer.WriteByte(NodePoolSnapshot.LegacyFormatVersion);
        WriteState(pool, writer);
        return writer.ToArray();
    }

    private static void WriteState(NodePool pool, PayloadWriter w)
    {
        w.WriteVarInt(pool.LastLsn);
        w.WriteBool(pool.IsStopped);
        w.WriteBool(pool.Node is not null);
        if (pool.Node is { } n)
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

        IReadOnlyList<PendingEniCreate> pending = pool.GetPendingEniCreates();
        w.WriteVarUInt((ulong)pending.Count);
        foreach (PendingEniCreate p in pending)
        {
            w.WriteString(p.ClientToken);
            w.WriteString(p.SubnetId);
            w.WriteTimestamp(p.RequestedAt);
        }

        IReadOnlyList<UnattachedEni> unattached = pool.GetUnattachedEnis();
        w.WriteVarUInt((ulong)unattached.Count);
        foreach (UnattachedEni u in unattached)
        {
            w.WriteString(u.EniId);
            w.WriteString(u.SubnetId);
            w.WriteTimestamp(u.Since);
        }

        List<EniState> enis = pool.LegacyEniStates.OrderBy(e => e.EniId, StringComparer.Ordinal).ToList();
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

        List<IpSlot> slots = pool.LegacyIpSlots.OrderBy(s => s.Ip).ToList();
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

        w.WriteVarUInt((ulong)pool.LegacyReleaseTimes.Count);
        foreach (KeyValuePair<Ipv4Address, long> released in pool.LegacyReleaseTimes.OrderBy(r => r.Key))
        {
            w.WriteIp(released.Key);
            w.WriteVarInt(released.Value);
        }

        IReadOnlyList<DriftDetected> drifts = pool.GetOpenDrifts();
        w.WriteVarUInt((ulong)drifts.Count);
        foreach (DriftDetected d in drifts)
        {
            (ushort typeId, byte[] payload) = PositionalWriterV1.Encode(d);
            w.WriteVarUInt(typeId);
            w.WriteVarUInt((ulong)payload.Length);
            foreach (byte b in payload)
            {
                w.WriteByte(b);
            }
        }
    }
}
