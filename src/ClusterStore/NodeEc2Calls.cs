namespace EsCni.ClusterStore;

/// <summary>EC2 mutations a node made, counted from its intent/outcome events, per API and outcome.</summary>
public sealed class NodeEc2Calls
{
    /// <summary>Node name (the document id).</summary>
    public string Id { get; set; } = "";

    /// <summary>Successful calls per API name (CreateNetworkInterface, AssignPrivateIpAddresses, ...).</summary>
    public Dictionary<string, long> Succeeded { get; set; } = [];

    /// <summary>Failed calls per API name.</summary>
    public Dictionary<string, long> Failed { get; set; } = [];

    /// <summary>Time of the newest counted call.</summary>
    public DateTimeOffset LastCallAt { get; set; }
}
