namespace EsCni.Domain.Pool;

/// <summary>Why a command was refused; the daemon maps these to gRPC/CNI errors.</summary>
public enum RejectionCode
{
    /// <summary>A field is empty or out of range.</summary>
    InvalidCommand,

    /// <summary>No <c>InitNode</c> has been recorded yet.</summary>
    NodeNotStarted,

    /// <summary>No free IP out of cooldown now, and one is coming: the warm pool can still grow, or IPs leave cooldown.</summary>
    NoIpAvailable,

    /// <summary>Every pod IP the instance type (or MAX_ENI) allows is allocated; no ADD succeeds until a pod is deleted.</summary>
    AtCapacity,

    /// <summary>No free IP, and the pool cannot grow: the last EC2 attempt found the subnet out of addresses.</summary>
    SubnetExhausted,

    /// <summary>The ENI id is not known (not attached, or not created by us).</summary>
    UnknownEni,

    /// <summary>The ENI is already attached or already created.</summary>
    EniAlreadyKnown,

    /// <summary>Another attached ENI has the device index.</summary>
    DeviceIndexInUse,

    /// <summary>The ENI is being detached.</summary>
    EniDetaching,

    /// <summary>The ENI still holds allocations.</summary>
    EniHasAllocations,

    /// <summary>The primary ENI (device 0) is never detached.</summary>
    PrimaryEni,

    /// <summary>The ENI is still attached.</summary>
    EniStillAttached,

    /// <summary>An IP request for the ENI is already in flight, or none is and one was expected.</summary>
    RequestInFlight,

    /// <summary>No intent is pending for the ClientToken or ENI.</summary>
    NothingPending,

    /// <summary>The IP is not in the ENI's pool.</summary>
    IpNotInPool,

    /// <summary>The IP is in another ENI's pool or is an ENI's primary IP.</summary>
    IpOnAnotherEni,

    /// <summary>The IP is allocated (or quarantined) and cannot be released to EC2 or removed.</summary>
    IpAllocated,

    /// <summary>The IP has no allocation.</summary>
    IpNotAllocated,

    /// <summary>The IP was released too recently to give back to EC2.</summary>
    IpCoolingDown,

    /// <summary>More IPs were requested than the ENI has room for.</summary>
    EniFull,

    /// <summary>The IP is an address of a delegated prefix, which EC2 assigns and takes back only whole.</summary>
    IpInPrefix,

    /// <summary>The prefix is not one EC2 delegates (not an aligned /28), or is already on another ENI, or overlaps pool addresses.</summary>
    PrefixConflict,

    /// <summary>An address of the prefix is allocated, held, releasing or cooling down, so the prefix cannot go back yet.</summary>
    PrefixInUse,

    /// <summary>IPv6: the node has no /80 yet (the daemon requests one); an ADD is retried, like <see cref="NoIpAvailable"/>.</summary>
    NoIpv6Prefix,

    /// <summary>IPv6: every offset of the node's /80 was handed out once; addresses are never reused.</summary>
    Ipv6PrefixExhausted,
}
