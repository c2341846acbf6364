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
        var request = new AssignPrivateIpAddressesRequest { NetworkInterfaceId = eniId, SecondaryPrivateIpAddressCount = count };
        return await AssignAsync(request, response => (response.AssignedPrivateIpAddresses ?? new())
            .Where(a => a.PrivateIpAddress is not null)
            .Select(a => IPAddress.Parse(a.PrivateIpAddress)), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Ec2Receipt> UnassignIpsAsync(string eniId, IReadOnlyCollection<IPAddress> ips, CancellationToken cancellationToken)
    {
        RequireSome(eniId, ips, "addresses");
        var request = new UnassignPrivateIpAddressesRequest { NetworkInterfaceId = eniId, PrivateIpAddresses = ips.Select(ip => ip.ToString()).ToList() };
        return await UnassignAsync(eniId, request, ips, eni => eni.SecondaryIps, cancellationToken).ConfigureAwait(false);
    }

    // Assigning by count is not idempotent: repeating an attempt whose answer was lost would assign the IPs (or
    // prefixes) twice. So only throttled attempts (certainly not applied) are retried; otherwise the caller gets
    // OutcomeUnknown and settles it with DescribeInstanceEnisAsync, adopting whatever EC2 did assign.
    private async Task<Ec2Result<IReadOnlyList<T>>> AssignAsync<T>(AssignPrivateIpAddressesRequest request,
        Func<AssignPrivateIpAddressesResponse, IEnumerable<T>> assigned, CancellationToken cancellationToken)
    {
        var (response, receipt) = await CallAsync(
            "AssignPrivateIpAddresses", Ec2ApiClass.Mutate, null,
            ct => _client.AssignPrivateIpAddressesAsync(request, ct),
            cancellationToken,
            repeatableAfterUnknownOutcome: false).ConfigureAwait(false);
        return new Ec2Result<IReadOnlyList<T>>(assigned(response).ToArray(), receipt);
    }

    private static void RequireSome<T>(string eniId, IReadOnlyCollection<T> items, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(eniId);
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            throw new ArgumentException($"no {what} given to unassign from {eniId}; pass at least one.", nameof(items));
        }
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
