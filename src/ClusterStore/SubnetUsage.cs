namespace EsCni.ClusterStore;

/// <summary>How much of a subnet EsCni nodes hold across the cluster, per ENI (attached ENIs only).</summary>
public sealed class SubnetUsage
{
    /// <summary>Subnet id (the document id).</summary>
    public string Id { get; set; } = "";

    /// <summary>Subnet CIDR.</summary>
    public string Cidr { get; set; } = "";

    /// <summary>Warm-pool secondary IPs per attached ENI.</summary>
    public Dictionary<string, int> PoolIpsByEni { get; set; } = [];

    /// <summary>Pod-held IPs per attached ENI.</summary>
    public Dictionary<string, int> AllocatedIpsByEni { get; set; } = [];

    /// <summary>Attached ENIs in the subnet.</summary>
    public int Enis => PoolIpsByEni.Count;

    /// <summary>Secondary IPs held in warm pools.</summary>
    public int PoolIps => PoolIpsByEni.Values.Sum();

    /// <summary>IPs held by pods.</summary>
    public int AllocatedIps => AllocatedIpsByEni.Values.Sum();
}
