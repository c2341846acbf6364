namespace EsCni.Domain.Codec.Proto;

/// <summary>
/// A message the decoder parses into again and again instead of allocating one per event: the pod events and the
/// meta inside them, which are almost every record of a journal. A full replay decodes millions of them, and two to four
/// message objects per event were a quarter of its time (docs/benchmarks.md, "Event codec").
/// </summary>
/// <remarks>
/// Google.Protobuf merges into an existing message and leaves fields the payload omits (proto3 omits defaults)
/// untouched, so <see cref="Reset"/> must put back every field, presence bit and unknown field of a new message;
/// <c>ReusableMessageTests</c> fails when a field is added to the .proto and not here.
/// </remarks>
internal interface IReusableMessage
{
    /// <summary>Puts the message back into the state of <c>new T()</c>, keeping its nested message objects for reuse.</summary>
    public void Reset();
}

/// <summary>See <see cref="IReusableMessage"/>.</summary>
internal sealed partial class EventMeta : IReusableMessage
{
    /// <inheritdoc />
    public void Reset()
    {
        IdHigh = 0;
        IdLow = 0;
        AtUtcTicks = 0;
        OffsetMinutes = 0;
        CauseKind = CauseKind.CniRequest;
        ClearRequestId();
        ClearAwsRequestId();
        ClearClientToken();
        _unknownFields = null;
    }
}

/// <summary>See <see cref="IReusableMessage"/>.</summary>
internal sealed partial class IpAllocated : IReusableMessage, IPodEventMessage
{
    /// <inheritdoc />
    public void Reset()
    {
        IPodEventMessage.ResetShared(this);
        EniId = "";
        PodNamespace = "";
        PodName = "";
        PodUid = "";
        Netns = "";
        _unknownFields = null;
    }
}

/// <summary>See <see cref="IReusableMessage"/>.</summary>
internal sealed partial class IpReleased : IReusableMessage, IPodEventMessage
{
    /// <inheritdoc />
    public void Reset()
    {
        IPodEventMessage.ResetShared(this);
        Reason = ReleaseReason.CniDel;
        RequestId = "";
        Evidence = "";
        _unknownFields = null;
    }
}

/// <summary>See <see cref="IReusableMessage"/>.</summary>
internal sealed partial class AllocationQuarantined : IReusableMessage, IPodEventMessage
{
    /// <inheritdoc />
    public void Reset()
    {
        IPodEventMessage.ResetShared(this);
        Evidence = "";
        _unknownFields = null;
    }
}
