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

        try
        {
            var (_, receipt) = await CallAsync(
                "UnassignPrivateIpAddresses", Ec2ApiClass.Mutate, null,
                ct => _client.UnassignPrivateIpAddressesAsync(new UnassignPrivateIpAddressesRequest
                {
                    NetworkInterfaceId = eniId,
                    Ipv4Prefixes = prefixes.Select(p => p.ToString()).ToList(),
                }, ct),
                cancellationToken).ConfigureAwait(false);
            return receipt;
        }
        catch (CloudException e) when (e.OutcomeUnknown)
        {
            // A lost answer may hide a done unassign; if EC2 shows none of the prefixes on the ENI, the goal is reached.
            (List<EniDescription> Enis, Ec2Receipt Receipt) described;
            try
            {
                described = await DescribeEnisAsync(new List<Filter> { FilterOf("network-interface-id", eniId) }, cancellationToken).ConfigureAwait(false);
            }
            catch (CloudException)
            {
                throw e;
            }

            HashSet<IPNetwork> remaining = described.Enis.SelectMany(x => x.Ipv4Prefixes).ToHashSet();
            if (prefixes.Any(remaining.Contains))
            {
                throw;
            }

            return new Ec2Receipt("UnassignPrivateIpAddresses", described.Receipt.RequestId, null, 0, Recovered: true);
        }
    }
}
