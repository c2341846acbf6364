namespace EsCni.Domain.Codec.Proto;

/// <summary>
/// The fields the pod events (IpAllocated, IpReleased, AllocationQuarantined) share: the meta, the IP and the flat
/// IPAM key. The generated classes already have them; naming them here lets <see cref="ResetShared"/> put them back
/// in one place for every pod event's <see cref="IReusableMessage.Reset"/>.
/// </summary>
internal interface IPodEventMessage
{
    /// <summary>The event's meta; kept (and reset) for reuse rather than replaced.</summary>
    public EventMeta? Meta { get; }

    /// <summary>IPv4 as its numeric value.</summary>
    public uint Ip { get; set; }

    /// <summary>CNI network name of the IPAM key.</summary>
    public string NetworkName { get; set; }

    /// <summary>Container id of the IPAM key.</summary>
    public string ContainerId { get; set; }

    /// <summary>Interface name of the IPAM key.</summary>
    public string IfName { get; set; }

    /// <summary>Puts back the shared fields of a new message; the caller resets its own fields and unknown fields.</summary>
    public static void ResetShared(IPodEventMessage message)
    {
        message.Meta?.Reset();
        message.Ip = 0;
        message.NetworkName = "";
        message.ContainerId = "";
        message.IfName = "";
    }
}
