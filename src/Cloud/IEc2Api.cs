using System.Net;

namespace EsCni.Cloud;

/// <summary>The EC2 operations the daemon performs for its own instance, each through the rate-limited,
/// retried, circuit-broken pipeline of its API class and reported to the <see cref="IEc2CallObserver"/>.</summary>
/// <remarks>
/// Failures throw <see cref="CloudException"/> or a subclass: <see cref="Ec2ThrottledException"/>,
/// <see cref="SubnetExhaustedException"/>, <see cref="Ec2UnavailableException"/>. When
/// <see cref="CloudException.OutcomeUnknown"/> is set, a mutation may have happened: settle it by describing, never by guessing.
/// </remarks>
public interface IEc2Api
{
    /// <summary>The instance this client acts for.</summary>
    public string InstanceId { get; }

    /// <summary>Describes this instance: type, zone, VPC, subnet, security groups and primary ENI (DescribeInstances + DescribeSubnets).</summary>
    public Task<Ec2Result<InstanceDescription>> DescribeInstanceAsync(CancellationToken cancellationToken);

    /// <summary>ENI and IPv4-per-ENI limits of an instance type (DescribeInstanceTypes).</summary>
    public Task<Ec2Result<InstanceTypeLimits>> DescribeInstanceTypeLimitsAsync(string instanceType, CancellationToken cancellationToken);

    /// <summary>Every ENI attached to this instance, with IPs, device index, MAC, subnet and tags (DescribeNetworkInterfaces).</summary>
    public Task<Ec2Result<IReadOnlyList<EniDescription>>> DescribeInstanceEnisAsync(CancellationToken cancellationToken);

    /// <summary>Creates a tagged ENI (CreateNetworkInterface with the request's ClientToken). Retries reuse the token,
    /// so EC2 never makes a second ENI; if the answer is lost for good, or the token was used before (a repeated
    /// intent after a restart), the ENI is looked up by its ClientToken tag and returned with <c>Recovered = true</c>.</summary>
    public Task<Ec2Result<EniDescription>> CreateEniAsync(CreateEniRequest request, CancellationToken cancellationToken);

    /// <summary>Finds the ENI a create with <paramref name="clientToken"/> made, or null if none exists
    /// (settles an <c>EniCreateRequested</c> intent left open by a crash).</summary>
    public Task<Ec2Result<EniDescription?>> FindEniByClientTokenAsync(string clientToken, CancellationToken cancellationToken);

    /// <summary>Attaches an ENI to this instance at <paramref name="deviceIndex"/> and marks it delete-on-termination
    /// (AttachNetworkInterface + ModifyNetworkInterfaceAttribute). The receipt is the attach call's.</summary>
    public Task<Ec2Result<EniAttachment>> AttachEniAsync(string eniId, int deviceIndex, CancellationToken cancellationToken);

    /// <summary>Assigns <paramref name="count"/> new secondary IPv4 addresses to an ENI (AssignPrivateIpAddresses) and returns them.</summary>
    public Task<Ec2Result<IReadOnlyList<IPAddress>>> AssignIpsAsync(string eniId, int count, CancellationToken cancellationToken);

    /// <summary>Delegates one IPv6 /80 prefix to an ENI (AssignIpv6Addresses with Ipv6PrefixCount=1, as the VPC CNI's
    /// IPv6 mode does) and returns it. Not idempotent: a lost answer surfaces as OutcomeUnknown; settle it by describing.</summary>
    public Task<Ec2Result<IPNetwork>> AssignIpv6PrefixAsync(string eniId, CancellationToken cancellationToken);

    /// <summary>Unassigns the given secondary addresses from an ENI (UnassignPrivateIpAddresses).</summary>
    public Task<Ec2Receipt> UnassignIpsAsync(string eniId, IReadOnlyCollection<IPAddress> ips, CancellationToken cancellationToken);

    /// <summary>Delegates <paramref name="count"/> new /28 prefixes to an ENI (AssignPrivateIpAddresses with Ipv4PrefixCount) and returns them.
    /// Throws <see cref="InsufficientCidrBlocksException"/> when the subnet has no free aligned /28.</summary>
    public Task<Ec2Result<IReadOnlyList<IPNetwork>>> AssignPrefixesAsync(string eniId, int count, CancellationToken cancellationToken);

    /// <summary>Takes delegated prefixes back from an ENI (UnassignPrivateIpAddresses with Ipv4Prefixes).</summary>
    public Task<Ec2Receipt> UnassignPrefixesAsync(string eniId, IReadOnlyCollection<IPNetwork> prefixes, CancellationToken cancellationToken);

    /// <summary>Detaches an ENI (DetachNetworkInterface). An attachment that is already gone counts as success.</summary>
    public Task<Ec2Receipt> DetachEniAsync(string attachmentId, CancellationToken cancellationToken);

    /// <summary>Deletes a detached ENI (DeleteNetworkInterface). An ENI that is already gone counts as success.</summary>
    public Task<Ec2Receipt> DeleteEniAsync(string eniId, CancellationToken cancellationToken);

    /// <summary>Lists ENIs we created that are detached (<c>available</c>), carry our instance tag and description,
    /// belong to <paramref name="vpcId"/> (and this cluster, when named) and were created before <paramref name="createdBefore"/>.
    /// They are candidates for deletion, not proof: journal why before deleting.</summary>
    public Task<Ec2Result<IReadOnlyList<EniDescription>>> ListLeakedEnisAsync(string vpcId, DateTimeOffset createdBefore, CancellationToken cancellationToken);
}
