using EsCni.Domain.Codec;
using EsCni.Domain.Codec.Legacy;
using EsCni.Domain.Events;

namespace EsCni.Testing.Legacy;

/// <summary>
/// The EsCni 0.1 event writer, kept so tests (golden comparisons, mixed-version clusters) and the codec benchmark can
/// produce what 0.1 wrote. Production only reads this layout (Domain's PositionalCodecV1), so the writer lives here.
/// </summary>
public static class PositionalWriterV1
{
    /// <summary>Encodes an event the way 0.1 did: its type id and payload (the version byte included).</summary>
    public static (ushort TypeId, byte[] Payload) Encode(DomainEvent domainEvent)
    {
        PayloadWriter writer = new();
        ushort typeId = Write(domainEvent, writer);
        return (typeId, writer.ToArray());
    }

    private static ushort Write(DomainEvent domainEvent, PayloadWriter w)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        w.WriteByte(PositionalCodecV1.Version);
        w.WriteGuid(domainEvent.EventId);
        w.WriteTimestamp(domainEvent.At);
        w.WriteCause(domainEvent.Cause);
        switch (domainEvent)
        {
            case NodeStarted e:
                w.WriteString(e.InstanceId);
                w.WriteString(e.InstanceType);
                w.WriteString(e.AvailabilityZone);
                w.WriteStringList(e.VpcCidrs);
                w.WriteVarInt(e.MaxEnis);
                w.WriteVarInt(e.IpsPerEni);
                w.WriteString(e.Build);
                w.WriteTimeSpan(e.IpCooldown);
                return EventTypeIds.NodeStarted;
            case NodeStopped e:
                w.WriteString(e.Reason);
                return EventTypeIds.NodeStopped;
            case EniCreateRequested e:
                w.WriteString(e.ClientToken);
                w.WriteString(e.SubnetId);
                return EventTypeIds.EniCreateRequested;
            case EniCreated e:
                w.WriteString(e.EniId);
                w.WriteString(e.ClientToken);
                w.WriteString(e.SubnetId);
                return EventTypeIds.EniCreated;
            case EniCreateFailed e:
                w.WriteString(e.ClientToken);
                w.WriteString(e.ErrorCode);
                w.WriteString(e.Message);
                return EventTypeIds.EniCreateFailed;
            case EniAttached e:
                w.WriteString(e.EniId);
                w.WriteVarInt(e.DeviceIndex);
                w.WriteString(e.Mac);
                w.WriteString(e.SubnetId);
                w.WriteString(e.SubnetCidr);
                w.WriteIp(e.PrimaryIp);
                w.WriteVarInt(e.RouteTableId);
                return EventTypeIds.EniAttached;
            case EniDetachRequested e:
                w.WriteString(e.EniId);
                return EventTypeIds.EniDetachRequested;
            case EniDetachFailed e:
                w.WriteString(e.EniId);
                w.WriteString(e.ErrorCode);
                w.WriteString(e.Message);
                return EventTypeIds.EniDetachFailed;
            case EniDetached e:
                w.WriteString(e.EniId);
                return EventTypeIds.EniDetached;
            case EniDeleted e:
                w.WriteString(e.EniId);
                return EventTypeIds.EniDeleted;
            case PoolIpsRequested e:
                w.WriteString(e.EniId);
                w.WriteVarInt(e.Count);
                return EventTypeIds.PoolIpsRequested;
            case PoolIpsAdded e:
                w.WriteString(e.EniId);
                w.WriteIpList(e.Ips);
                return EventTypeIds.PoolIpsAdded;
            case PoolIpsRequestFailed e:
                w.WriteString(e.EniId);
                w.WriteString(e.ErrorCode);
                w.WriteString(e.Message);
                return EventTypeIds.PoolIpsRequestFailed;
            case PoolIpsReleaseRequested e:
                w.WriteString(e.EniId);
                w.WriteIpList(e.Ips);
                return EventTypeIds.PoolIpsReleaseRequested;
            case PoolIpsReleaseFailed e:
                w.WriteString(e.EniId);
                w.WriteIpList(e.Ips);
                w.WriteString(e.ErrorCode);
                w.WriteString(e.Message);
                return EventTypeIds.PoolIpsReleaseFailed;
            case PoolIpsRemoved e:
                w.WriteString(e.EniId);
                w.WriteIpList(e.Ips);
                return EventTypeIds.PoolIpsRemoved;
            case IpAllocated e:
                w.WriteIp(e.Ip);
                w.WriteString(e.EniId);
                w.WriteKey(e.Key);
                w.WritePod(e.Pod);
                w.WriteString(e.Netns);
                return EventTypeIds.IpAllocated;
            case IpReleased e:
                w.WriteIp(e.Ip);
                w.WriteKey(e.Key);
                w.WriteByte((byte)e.Reason);
                return EventTypeIds.IpReleased;
            case AllocationQuarantined e:
                w.WriteIp(e.Ip);
                w.WriteKey(e.Key);
                w.WriteString(e.Evidence);
                return EventTypeIds.AllocationQuarantined;
            case DriftDetected e:
                w.WriteString(e.Subject);
                w.WriteString(e.JournalSays);
                w.WriteString(e.EvidenceSays);
                return EventTypeIds.DriftDetected;
            case DriftResolved e:
                w.WriteString(e.Subject);
                w.WriteString(e.Resolution);
                return EventTypeIds.DriftResolved;
            default:
                throw new ArgumentException($"event type {domainEvent.GetType().Name} has no wire id; add it to EventTypeIds and EventCodec.", nameof(domainEvent));
        }
    }
}
