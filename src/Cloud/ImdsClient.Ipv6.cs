using System.Net;

namespace EsCni.Cloud;

/// <summary>The IPv6 leaves of one interface (<c>ipv6s</c>, <c>ipv6-prefix</c>, <c>subnet-ipv6-cidr-blocks</c>); IMDS leaves them out when empty.</summary>
public sealed partial class ImdsClient
{
    private async Task<(IReadOnlyList<IPAddress> Addresses, IReadOnlyList<IPNetwork> Prefixes, IReadOnlyList<IPNetwork> SubnetCidrs)>
        GetInterfaceIpv6Async(string root, CancellationToken cancellationToken)
    {
        string? addresses = await GetMetadataAsync(root + "ipv6s", cancellationToken).ConfigureAwait(false);
        string? prefixes = await GetMetadataAsync(root + "ipv6-prefix", cancellationToken).ConfigureAwait(false);
        string? subnets = await GetMetadataAsync(root + "subnet-ipv6-cidr-blocks", cancellationToken).ConfigureAwait(false);
        return (
            Lines(addresses ?? string.Empty).Select(l => ParseAddress(root + "ipv6s", l)).ToArray(),
            Lines(prefixes ?? string.Empty).Select(l => ParseCidr(root + "ipv6-prefix", l)).ToArray(),
            Lines(subnets ?? string.Empty).Select(l => ParseCidr(root + "subnet-ipv6-cidr-blocks", l)).ToArray());
    }

    /// <summary>
    /// The VPC's IPv6 CIDRs as seen through the primary ENI (<c>network/interfaces/macs/&lt;mac&gt;/vpc-ipv6-cidr-blocks</c>);
    /// empty when the VPC has none (IMDS leaves the leaf out).
    /// </summary>
    public async Task<IReadOnlyList<IPNetwork>> GetVpcIpv6CidrsAsync(CancellationToken cancellationToken)
    {
        string mac = await GetPrimaryMacAsync(cancellationToken).ConfigureAwait(false);
        string path = $"network/interfaces/macs/{mac}/vpc-ipv6-cidr-blocks";
        string? blocks = await GetMetadataAsync(path, cancellationToken).ConfigureAwait(false);
        return Lines(blocks ?? string.Empty).Select(l => ParseCidr(path, l)).ToArray();
    }
}
