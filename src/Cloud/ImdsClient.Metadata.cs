using System.Globalization;
using System.Net;

namespace EsCni.Cloud;

/// <summary>Typed reads of the metadata items the daemon uses (the VPC CNI's list, reference/vpc-cni.md §4).</summary>
public sealed partial class ImdsClient
{
    /// <summary>This instance's id (<c>instance-id</c>).</summary>
    public Task<string> GetInstanceIdAsync(CancellationToken cancellationToken) => GetRequiredAsync("instance-id", cancellationToken);

    /// <summary>This instance's type (<c>instance-type</c>).</summary>
    public Task<string> GetInstanceTypeAsync(CancellationToken cancellationToken) => GetRequiredAsync("instance-type", cancellationToken);

    /// <summary>The availability zone (<c>placement/availability-zone</c>).</summary>
    public Task<string> GetAvailabilityZoneAsync(CancellationToken cancellationToken) => GetRequiredAsync("placement/availability-zone", cancellationToken);

    /// <summary>The region (<c>placement/region</c>, else the zone without its letter).</summary>
    public async Task<string> GetRegionAsync(CancellationToken cancellationToken)
    {
        string? region = await GetMetadataAsync("placement/region", cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrWhiteSpace(region))
        {
            return region.Trim();
        }

        string zone = await GetAvailabilityZoneAsync(cancellationToken).ConfigureAwait(false);
        return zone.TrimEnd('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
    }

    /// <summary>The primary ENI's MAC (<c>mac</c>), lower-case.</summary>
    public async Task<string> GetPrimaryMacAsync(CancellationToken cancellationToken) =>
        (await GetRequiredAsync("mac", cancellationToken).ConfigureAwait(false)).ToLowerInvariant();

    /// <summary>The primary private IPv4 address (<c>local-ipv4</c>).</summary>
    public async Task<IPAddress> GetLocalIpv4Async(CancellationToken cancellationToken) =>
        ParseAddress("local-ipv4", await GetRequiredAsync("local-ipv4", cancellationToken).ConfigureAwait(false));

    /// <summary>The VPC's IPv4 CIDRs as seen through the primary ENI (<c>network/interfaces/macs/&lt;mac&gt;/vpc-ipv4-cidr-blocks</c>).</summary>
    public async Task<IReadOnlyList<IPNetwork>> GetVpcIpv4CidrsAsync(CancellationToken cancellationToken)
    {
        string mac = await GetPrimaryMacAsync(cancellationToken).ConfigureAwait(false);
        string path = $"network/interfaces/macs/{mac}/vpc-ipv4-cidr-blocks";
        return Lines(await GetRequiredAsync(path, cancellationToken).ConfigureAwait(false)).Select(l => ParseCidr(path, l)).ToArray();
    }

    /// <summary>MACs of every interface IMDS currently shows (<c>network/interfaces/macs/</c>), lower-case.</summary>
    public async Task<IReadOnlyList<string>> GetInterfaceMacsAsync(CancellationToken cancellationToken) =>
        Lines(await GetRequiredAsync("network/interfaces/macs/", cancellationToken).ConfigureAwait(false))
            .Select(l => l.TrimEnd('/').ToLowerInvariant())
            .ToArray();

    /// <summary>One interface's details, or null when IMDS no longer (or not yet) shows that MAC.</summary>
    public async Task<ImdsInterface?> GetInterfaceAsync(string mac, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(mac);
        string root = $"network/interfaces/macs/{mac.ToLowerInvariant()}/";
        string? eniId = await GetMetadataAsync(root + "interface-id", cancellationToken).ConfigureAwait(false);
        if (eniId is null)
        {
            return null;
        }

        string device = await GetRequiredAsync(root + "device-number", cancellationToken).ConfigureAwait(false);
        string subnetId = await GetRequiredAsync(root + "subnet-id", cancellationToken).ConfigureAwait(false);
        string subnetCidr = await GetRequiredAsync(root + "subnet-ipv4-cidr-block", cancellationToken).ConfigureAwait(false);
        string vpcCidrs = await GetRequiredAsync(root + "vpc-ipv4-cidr-blocks", cancellationToken).ConfigureAwait(false);
        string? groups = await GetMetadataAsync(root + "security-group-ids", cancellationToken).ConfigureAwait(false);
        string ips = await GetRequiredAsync(root + "local-ipv4s", cancellationToken).ConfigureAwait(false);
        string? prefixes = await GetMetadataAsync(root + "ipv4-prefix", cancellationToken).ConfigureAwait(false);
        if (!int.TryParse(device.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int deviceNumber))
        {
            throw new CloudException($"IMDS {root}device-number is '{device}', not a number; IMDS at {Endpoint} is not answering like EC2's.", "IMDS " + root + "device-number");
        }

        (IReadOnlyList<IPAddress> v6s, IReadOnlyList<IPNetwork> v6Prefixes, IReadOnlyList<IPNetwork> v6Subnets) =
            await GetInterfaceIpv6Async(root, cancellationToken).ConfigureAwait(false);
        return new ImdsInterface(
            mac.ToLowerInvariant(),
            eniId.Trim(),
            deviceNumber,
            subnetId.Trim(),
            ParseCidr(root + "subnet-ipv4-cidr-block", subnetCidr.Trim()),
            Lines(vpcCidrs).Select(l => ParseCidr(root + "vpc-ipv4-cidr-blocks", l)).ToArray(),
            Lines(groups ?? string.Empty).ToArray(),
            Lines(ips).Select(l => ParseAddress(root + "local-ipv4s", l)).ToArray(),
            Lines(prefixes ?? string.Empty).Select(l => ParseCidr(root + "ipv4-prefix", l)).ToArray())
        {
            Ipv6Addresses = v6s,
            Ipv6Prefixes = v6Prefixes,
            SubnetIpv6Cidrs = v6Subnets,
        };
    }

    private async Task<string> GetRequiredAsync(string path, CancellationToken cancellationToken) =>
        await GetMetadataAsync(path, cancellationToken).ConfigureAwait(false)
        ?? throw new CloudException(
            $"IMDS has no {path} at {Endpoint} (404); the node is not an EC2 instance or AWS_EC2_METADATA_SERVICE_ENDPOINT points elsewhere.",
            "IMDS " + path, "404");

    private static IEnumerable<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private IPAddress ParseAddress(string path, string text) =>
        IPAddress.TryParse(text.Trim(), out IPAddress? ip)
            ? ip
            : throw new CloudException($"IMDS {path} holds '{text}', not an IP address; IMDS at {Endpoint} is not answering like EC2's.", "IMDS " + path);

    private IPNetwork ParseCidr(string path, string text) =>
        IPNetwork.TryParse(text.Trim(), out IPNetwork cidr)
            ? cidr
            : throw new CloudException($"IMDS {path} holds '{text}', not a CIDR; IMDS at {Endpoint} is not answering like EC2's.", "IMDS " + path);
}
