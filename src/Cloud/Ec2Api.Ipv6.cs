using System.Net;
using Amazon.EC2.Model;

namespace EsCni.Cloud;

/// <summary>IPv6: the node's /80 prefix (AssignIpv6Addresses), as the VPC CNI's ENABLE_IPv6 mode asks for it.</summary>
public sealed partial class Ec2Api
{
    /// <inheritdoc />
    public async Task<Ec2Result<IPNetwork>> AssignIpv6PrefixAsync(string eniId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(eniId);

        // Like AssignIpsAsync: by count, so not idempotent. Only throttled attempts are retried; a lost answer comes
        // back as OutcomeUnknown and the caller adopts whatever DescribeInstanceEnisAsync then shows in Ipv6Prefixes.
        var (response, receipt) = await CallAsync(
            "AssignIpv6Addresses", Ec2ApiClass.Mutate, null,
            ct => _client.AssignIpv6AddressesAsync(new AssignIpv6AddressesRequest
            {
                NetworkInterfaceId = eniId,
                Ipv6PrefixCount = 1,
            }, ct),
            cancellationToken,
            repeatableAfterUnknownOutcome: false).ConfigureAwait(false);
        string prefix = (response.AssignedIpv6Prefixes ?? new()).FirstOrDefault()
            ?? throw new CloudException(
                $"AssignIpv6Addresses on {eniId} succeeded but returned no prefix; is the ENI's subnet IPv6-enabled?", "AssignIpv6Addresses");
        return new Ec2Result<IPNetwork>(IPNetwork.Parse(prefix), receipt);
    }
}
