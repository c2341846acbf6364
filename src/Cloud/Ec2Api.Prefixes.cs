using System.Net;
using Amazon.EC2.Model;

namespace EsCni.Cloud;

/// <summary>Delegated IPv4 /28 prefixes: assign by count, unassign by prefix (the same EC2 calls as secondary IPs, with prefix fields).</summary>
public sealed partial class Ec2Api
{
    /// <inheritdoc />
    public async Task<Ec2Result<IReadOnlyList<IPNetwork>>> AssignPrefixesAsync(string eniId, int count, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(eniId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var request = new AssignPrivateIpAddressesRequest { NetworkInterfaceId = eniId, Ipv4PrefixCount = count };
        return await AssignAsync(request, response => (response.AssignedIpv4Prefixes ?? new())
            .Where(p => p.Ipv4Prefix is not null)
            .Select(p => IPNetwork.Parse(p.Ipv4Prefix)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Ec2Receipt> UnassignPrefixesAsync(string eniId, IReadOnlyCollection<IPNetwork> prefixes, CancellationToken cancellationToken)
    {
        RequireSome(eniId, prefixes, "prefixes");
        var request = new UnassignPrivateIpAddressesRequest { NetworkInterfaceId = eniId, Ipv4Prefixes = prefixes.Select(p => p.ToString()).ToList() };
        return await UnassignAsync(eniId, request, prefixes, eni => eni.Ipv4Prefixes, cancellationToken).ConfigureAwait(false);
    }
}
