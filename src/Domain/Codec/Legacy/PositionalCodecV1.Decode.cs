using EsCni.Domain.Codec;

namespace EsCni.Domain.Codec.Legacy;

/// <summary>The 0.1 reader: one case per event type, fields in declaration order.</summary>
internal static partial class PositionalCodecV1
{
    private static DomainEvent? Read(ushort typeId, ref PayloadReader r)
    {
        var id = r.ReadGuid();
        var at = r.ReadTimestamp();
        Cause cause = r.ReadCause();
        DomainEvent? result = typeId switch
        {
            EventTypeIds.NodeStarted => new NodeStarted(id, at, cause, r.ReadString(), r.ReadString(), r.ReadString(), r.ReadStringList(),
                r.ReadInt32Var("MaxEnis"), r.ReadInt32Var("IpsPerEni"), r.ReadString(), r.ReadTimeSpan()),
            EventTypeIds.NodeStopped => new NodeStopped(id, at, cause, r.ReadString()),
            EventTypeIds.EniCreateRequested => new EniCreateRequested(id, at, cause, r.ReadString(), r.ReadString()),
            EventTypeIds.EniCreated => new EniCreated(id, at, cause, r.ReadString(), r.ReadString(), r.ReadString()),
            EventTypeIds.EniCreateFailed => new EniCreateFailed(id, at, cause, r.ReadString(), r.ReadString(), r.ReadString()),
            EventTypeIds.EniAttached => new EniAttached(id, at, cause, r.ReadString(), r.ReadInt32Var("DeviceIndex"), r.ReadString(), r.ReadString(),
                r.ReadString(), r.ReadIp(), r.ReadInt32Var("RouteTableId")),
            EventTypeIds.EniDetachRequested => new EniDetachRequested(id, at, cause, r.ReadString()),
            EventTypeIds.EniDetachFailed => new EniDetachFailed(id, at, cause, r.ReadString(), r.ReadString(), r.ReadString()),
            EventTypeIds.EniDetached => new EniDetached(id, at, cause, r.ReadString()),
            EventTypeIds.EniDeleted => new EniDeleted(id, at, cause, r.ReadString()),
            EventTypeIds.PoolIpsRequested => new PoolIpsRequested(id, at, cause, r.ReadString(), r.ReadInt32Var("Count")),
            EventTypeIds.PoolIpsAdded => new PoolIpsAdded(id, at, cause, r.ReadString(), r.ReadIpList()),
            EventTypeIds.PoolIpsRequestFailed => new PoolIpsRequestFailed(id, at, cause, r.ReadString(), r.ReadString(), r.ReadString()),
            EventTypeIds.PoolIpsReleaseRequested => new PoolIpsReleaseRequested(id, at, cause, r.ReadString(), r.ReadIpList()),
            EventTypeIds.PoolIpsReleaseFailed => new PoolIpsReleaseFailed(id, at, cause, r.ReadString(), r.ReadIpList(), r.ReadString(), r.ReadString()),
            EventTypeIds.PoolIpsRemoved => new PoolIpsRemoved(id, at, cause, r.ReadString(), r.ReadIpList()),
            EventTypeIds.IpAllocated => new IpAllocated(id, at, cause, r.ReadIp(), r.ReadString(), r.ReadKey(), r.ReadPod(), r.ReadString()),
            EventTypeIds.IpReleased => new IpReleased(id, at, cause, r.ReadIp(), r.ReadKey(), ReadReleaseReason(ref r)),
            EventTypeIds.AllocationQuarantined => new AllocationQuarantined(id, at, cause, r.ReadIp(), r.ReadKey(), r.ReadString()),
            EventTypeIds.DriftDetected => new DriftDetected(id, at, cause, r.ReadString(), r.ReadString(), r.ReadString()),
            EventTypeIds.DriftResolved => new DriftResolved(id, at, cause, r.ReadString(), r.ReadString()),
            _ => null,
        };
        return r.Error is null ? result : null;
    }

    private static ReleaseReason ReadReleaseReason(ref PayloadReader r)
    {
        byte value = r.ReadByte();
        if (value > (byte)ReleaseReason.Operator)
        {
            r.Fail($"release reason {value} is unknown (known 0..{(byte)ReleaseReason.Operator})");
        }

        return (ReleaseReason)value;
    }
}
