namespace EsCni.ClusterStore;

/// <summary>An ENI as the cluster store knows it: which node, which subnet, its pool and what pods hold.</summary>
public sealed class ClusterEni
{
    /// <summary>ENI id (the document id; unique across the account).</summary>
    public string Id { get; set; } = "";

    /// <summary>Node that attached it.</summary>
    public string Node { get; set; } = "";

    /// <summary>Subnet id, once attached.</summary>
    public string SubnetId { get; set; } = "";

    /// <summary>Subnet CIDR, once attached.</summary>
    public string SubnetCidr { get; set; } = "";

    /// <summary>Device index on the instance.</summary>
    public int DeviceIndex { get; set; }

    /// <summary>created, attached, detaching, detached or deleted.</summary>
    public string Phase { get; set; } = "created";

    /// <summary>Secondary IPs in the ENI's warm pool.</summary>
    public List<string> PoolIps { get; set; } = [];

    /// <summary>Pool IPs held by pods.</summary>
    public List<string> AllocatedIps { get; set; } = [];

    /// <summary>Time of the last event that changed this ENI.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
