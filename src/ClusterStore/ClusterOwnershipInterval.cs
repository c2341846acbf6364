namespace EsCni.ClusterStore;

/// <summary>
/// One pod interface's hold on an IP on one node, from its IpAllocated to its IpReleased (open while <see cref="To"/>
/// is null): a document of its own, indexed by <see cref="Ip"/>, so who-had is one index lookup however often the IP was reused.
/// </summary>
public sealed class ClusterOwnershipInterval
{
    /// <summary>"node/incarnation/allocation LSN": unique, and the same when the projection is rebuilt.</summary>
    public string Id { get; set; } = "";

    /// <summary>The IPv4 address as a dotted quad, or the IPv6 address in RFC 5952 text.</summary>
    public string Ip { get; set; } = "";

    /// <summary>Node that allocated the IP.</summary>
    public string Node { get; set; } = "";

    /// <summary>Journal incarnation on that node.</summary>
    public Guid Incarnation { get; set; }

    /// <summary>ENI the IP was on.</summary>
    public string EniId { get; set; } = "";

    /// <summary>IPAM key: CNI network name.</summary>
    public string NetworkName { get; set; } = "";

    /// <summary>IPAM key: container id.</summary>
    public string ContainerId { get; set; } = "";

    /// <summary>IPAM key: interface name.</summary>
    public string IfName { get; set; } = "";

    /// <summary>Pod namespace.</summary>
    public string PodNamespace { get; set; } = "";

    /// <summary>Pod name.</summary>
    public string PodName { get; set; } = "";

    /// <summary>Pod UID.</summary>
    public string PodUid { get; set; } = "";

    /// <summary>When the allocation became durable on the node.</summary>
    public DateTimeOffset From { get; set; }

    /// <summary>LSN of the IpAllocated event.</summary>
    public long FromLsn { get; set; }

    /// <summary>When it was released, or null while held.</summary>
    public DateTimeOffset? To { get; set; }

    /// <summary>LSN of the IpReleased event, or null while held.</summary>
    public long? ToLsn { get; set; }

    /// <summary>Release reason (CniDel, CniGc, ...), or null while held.</summary>
    public string? ReleaseReason { get; set; }
}
