using System;
using EsCni.Domain.Events;

namespace EsCni.Domain.Codec;

/// <summary>The encoding half of <see cref="EventCodec"/>: one case per event type, fields in declaration order.</summary>
public static partial class EventCodec
{
    private static ushort Write(DomainEvent domainEvent, PayloadWriter w)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        w.WriteByte(CurrentVersion);
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

    private static ushort TypeIdOf(Type type) => type.Name switch
    {
        nameof(NodeStarted) => EventTypeIds.NodeStarted,
        nameof(NodeStopped) => EventTypeIds.NodeStopped,
        nameof(EniCreateRequested) => EventTypeIds.EniCreateRequested,
        nameof(EniCreated) => EventTypeIds.EniCreated,
        nameof(EniCreateFailed) => EventTypeIds.EniCreateFailed,
        nameof(EniAttached) => EventTypeIds.EniAttached,
        nameof(EniDetachRequested) => EventTypeIds.EniDetachRequested,
        nameof(EniDetachFailed) => EventTypeIds.EniDetachFailed,
        nameof(EniDetached) => EventTypeIds.EniDetached,
        nameof(EniDeleted) => EventTypeIds.EniDeleted,
        nameof(PoolIpsRequested) => EventTypeIds.PoolIpsRequested,
        nameof(PoolIpsAdded) => EventTypeIds.PoolIpsAdded,
        nameof(PoolIpsRequestFailed) => EventTypeIds.PoolIpsRequestFailed,
        nameof(PoolIpsReleaseRequested) => EventTypeIds.PoolIpsReleaseRequested,
        nameof(PoolIpsReleaseFailed) => EventTypeIds.PoolIpsReleaseFailed,
        nameof(PoolIpsRemoved) => EventTypeIds.PoolIpsRemoved,
        nameof(IpAllocated) => EventTypeIds.IpAllocated,
        nameof(IpReleased) => EventTypeIds.IpReleased,
        nameof(AllocationQuarantined) => EventTypeIds.AllocationQuarantined,
        nameof(DriftDetected) => EventTypeIds.DriftDetected,
        nameof(DriftResolved) => EventTypeIds.DriftResolved,
        _ => throw new ArgumentException($"event type {type.Name} has no wire id; add it to EventTypeIds and EventCodec.", nameof(type)),
    };
}
