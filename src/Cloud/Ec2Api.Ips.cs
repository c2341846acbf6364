using System.Net;
using Amazon.EC2.Model;

namespace EsCni.Cloud;

/// <summary>Secondary IPv4 addresses: assign by count, unassign by address.</summary>
public sealed partial class Ec2Api
{
    /// <inheritdoc />
    public async Task<Ec2Result<IReadOnlyList<IPAddress>>> AssignIpsAsync(string eniId, int count, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(eniId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);

        // Assigning by count is not idempotent: repeating an attempt whose answer was lost would assign the IPs
        // twice. So only throttled attempts (certainly not applied) are retried; otherwise the caller gets
        // OutcomeUnknown and settles it with DescribeInstanceEnisAsync, adopting whatever EC2 did assign.
        var (response, receipt) = await CallAsync(
            "AssignPrivateIpAddresses", Ec2ApiClass.Mutate, null,
            ct => _client.AssignPrivateIpAddressesAsync(new AssignPrivateIpAddressesRequest
            {
                NetworkInterfaceId = eniId,
                SecondaryPrivateIpAddressCount = count,
            }, ct),
            cancellationToken,
            repeatableAfterUnknownOutcome: false).ConfigureAwait(false);
        IReadOnlyList<IPAddress> assigned = (response.AssignedPrivateIpAddresses ?? new())
            .Where(a => a.PrivateIpAddress is not null)
            .Select(a => IPAddress.Parse(a.PrivateIpAddress))
            .ToArray();
        return new Ec2Result<IReadOnlyList<IPAddress>>(assigned, receipt);
    }

    /// <inheritdoc />
    public async Task<Ec2Receipt> UnassignIpsAsync(string eniId, IReadOnlyCollection<IPAddress> ips, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(eniId);
        ArgumentNullException.ThrowIfNull(ips);
        if (ips.Count == 0)
        {
            throw new ArgumentException($"no addresses given to unassign from {eniId}; pass at least one.", nameof(ips));
        }

        var request = new UnassignPrivateIpAddressesRequest { NetworkInterfaceId = eniId, PrivateIpAddresses = ips.Select(ip => ip.ToString()).ToList() };
        return await UnassignAsync(eniId, request, ips, eni => eni.SecondaryIps, cancellationToken).ConfigureAwait(false);
    }

    // Unassigns (IPs or prefixes) and settles a lost answer: an attempt whose answer was lost may have removed them
    // (a retry is then refused because they are not assigned). If EC2 now shows none of them on the ENI, the goal is reached.
    private async Task<Ec2Receipt> UnassignAsync<T>(string eniId, UnassignPrivateIpAddressesRequest request, IReadOnlyCollection<T> gone,
        Func<EniDescription, IEnumerable<T>> onEni, CancellationToken cancellationToken)
    {
        try
        {
            var (_, receipt) = await CallAsync(
                "UnassignPrivateIpAddresses", Ec2ApiClass.Mutate, null,
                ct => _client.UnassignPrivateIpAddressesAsync(request, ct),
                cancellationToken).ConfigureAwait(false);
            return receipt;
        }
        catch (CloudException e) when (e.OutcomeUnknown)
        {
            (List<EniDescription> Enis, Ec2Receipt Receipt) described;
            try
            {
                described = await DescribeEnisAsync(new List<Filter> { FilterOf("network-interface-id", eniId) }, cancellationToken).ConfigureAwait(false);
            }
            catch (CloudException)
            {
                throw e;
            }

            HashSet<T> remaining = described.Enis.SelectMany(onEni).ToHashSet();
            if (gone.Any(remaining.Contains))
            {
                throw;
            }

            return new Ec2Receipt("UnassignPrivateIpAddresses", described.Receipt.RequestId, null, 0, Recovered: true);
        }
    }
}
