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

        // Like AssignIpsAsync: by count is not idempotent, so a lost answer comes back as OutcomeUnknown and the caller
        // settles it by describing the ENI, adopting whatever prefixes EC2 did delegate.
        var (response, receipt) = await CallAsync(
            "AssignPrivateIpAddresses", Ec2ApiClass.Mutate, null,
            ct => _client.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest
            {
                NetworkInterfaceId = eniId,
                Ipv4PrefixCount = count,
            }, ct),
            cancellationToken,
            repeatableAfterUnknownOutcome: false).ConfigureAwait(false);
        IReadOnlyList<IPNetwork> assigned = (response.AssignedIpv4Prefixes ?? new())
            .Where(p => p.Ipv4Prefix is not null)
            .Select(p => IPNetwork.Parse(p.Ipv4Prefix))
            .ToArray();
        return new Ec2Result<IReadOnlyList<IPNetwork>>(assigned, receipt);
    }

    /// <inheritdoc />
    public async Task<Ec2Receipt> UnassignPrefixesAsync(string eniId, IReadOnlyCollection<IPNetwork> prefixes, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(eniId);
        ArgumentNullException.ThrowIfNull(prefixes);
        if (prefixes.Count == 0)
        {
            throw new ArgumentException($"no prefixes given to unassign from {eniId}; pass at least one.", nameof(prefixes));
        }

        var request = new UnassignPrivateIpAddressesRequest { NetworkInterfaceId = eniId, Ipv4Prefixes = prefixes.Select(p => p.ToString()).ToList() };
        return await UnassignAsync(eniId, request, prefixes, eni => eni.Ipv4Prefixes, cancellationToken).ConfigureAwait(false);
    }
}
