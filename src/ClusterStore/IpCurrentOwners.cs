namespace EsCni.ClusterStore;

/// <summary>
/// The open ownership intervals of one IP (normally zero or one), so a release finds its interval without a scan.
/// Closed intervals live in their own <see cref="ClusterOwnershipInterval"/> documents: an IP reused every few
/// minutes for a year would otherwise grow one document without bound and rewrite it on every allocation.
/// </summary>
public sealed class IpCurrentOwners
{
    /// <summary>The IPv4 address, dotted quad (the document id).</summary>
    public string Id { get; set; } = "";

    /// <summary>Open interval id per holder (<see cref="HolderKey"/>: node and IPAM key).</summary>
    public Dictionary<string, string> OpenIntervals { get; set; } = [];

    /// <summary>"node|network|container|ifname": who holds the IP, as an IpReleased names it.</summary>
    public static string HolderKey(string node, string networkName, string containerId, string ifName) =>
        $"{node}|{networkName}|{containerId}|{ifName}";
}
