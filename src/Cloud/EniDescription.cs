using System.Net;

namespace EsCni.Cloud;

/// <summary>An ENI as EC2 describes it.</summary>
/// <param name="EniId">eni-… id.</param>
/// <param name="MacAddress">Lower-case colon form, as IMDS and netlink show it.</param>
/// <param name="SubnetId">Its subnet.</param>
/// <param name="VpcId">Its VPC.</param>
/// <param name="Status">EC2 status: <c>available</c>, <c>attaching</c>, <c>in-use</c>, <c>detaching</c>.</param>
/// <param name="Description">Free text; ours is <c>escni-&lt;instance id&gt;</c>.</param>
/// <param name="Attachment">Null when not attached.</param>
/// <param name="PrimaryIp">The ENI's primary private IPv4 address (never handed to pods).</param>
/// <param name="SecondaryIps">Secondary private IPv4 addresses, in EC2's order.</param>
/// <param name="Ipv4Prefixes">Delegated IPv4 prefixes.</param>
/// <param name="SecurityGroupIds">sg-… ids.</param>
/// <param name="Tags">Tags by key.</param>
public sealed record EniDescription(
    string EniId,
    string MacAddress,
    string SubnetId,
    string VpcId,
    string Status,
    string Description,
    EniAttachment? Attachment,
    IPAddress PrimaryIp,
    IReadOnlyList<IPAddress> SecondaryIps,
    IReadOnlyList<IPNetwork> Ipv4Prefixes,
    IReadOnlyList<string> SecurityGroupIds,
    IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>IPv6 addresses assigned one by one (<c>ipv6AddressesSet</c>), empty when none.</summary>
    public IReadOnlyList<IPAddress> Ipv6Addresses { get; init; } = [];

    /// <summary>Delegated IPv6 prefixes (<c>ipv6PrefixSet</c>; /80s in the VPC CNI's IPv6 mode), empty when none.</summary>
    public IReadOnlyList<IPNetwork> Ipv6Prefixes { get; init; } = [];

    /// <summary>True when the ENI carries <c>node.k8s.amazonaws.com/no_manage=true</c> and must be left alone.</summary>
    public bool IsUnmanaged => Tags.TryGetValue(EniTags.NoManage, out string? v) && string.Equals(v, "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>How an ENI is attached to an instance.</summary>
/// <param name="AttachmentId">eni-attach-… id, needed to detach.</param>
/// <param name="InstanceId">The instance.</param>
/// <param name="DeviceIndex">Device index on the instance; 0 is the primary ENI.</param>
/// <param name="NetworkCardIndex">Network card; 0 unless the instance has several cards.</param>
/// <param name="Status">EC2 attachment status: <c>attaching</c>, <c>attached</c>, <c>detaching</c>, <c>detached</c>.</param>
/// <param name="DeleteOnTermination">Whether EC2 deletes the ENI when the instance terminates.</param>
public sealed record EniAttachment(string AttachmentId, string InstanceId, int DeviceIndex, int NetworkCardIndex, string Status, bool DeleteOnTermination);
