using System.Net;
using Amazon.EC2.Model;

namespace EsCni.Cloud;

/// <summary>Turns SDK models into ours. The SDK (v4) leaves absent lists and values null, so every read is guarded.</summary>
public sealed partial class Ec2Api
{
    private static EniDescription ToEni(NetworkInterface eni)
    {
        List<NetworkInterfacePrivateIpAddress> ips = eni.PrivateIpAddresses ?? new();
        string primary = ips.FirstOrDefault(ip => ip.Primary == true)?.PrivateIpAddress ?? eni.PrivateIpAddress
            ?? throw new InvalidOperationException($"EC2 described ENI {eni.NetworkInterfaceId} without a primary private IP; this is an EC2 or simulator bug.");
        IReadOnlyList<IPAddress> secondaries = ips
            .Where(ip => ip.Primary != true && ip.PrivateIpAddress is not null)
            .Select(ip => IPAddress.Parse(ip.PrivateIpAddress))
            .ToArray();
        IReadOnlyList<IPNetwork> prefixes = (eni.Ipv4Prefixes ?? new())
            .Where(p => p.Ipv4Prefix is not null)
            .Select(p => IPNetwork.Parse(p.Ipv4Prefix))
            .ToArray();
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Tag tag in eni.TagSet ?? new())
        {
            if (tag.Key is not null)
            {
                tags[tag.Key] = tag.Value ?? string.Empty;
            }
        }

        EniAttachment? attachment = eni.Attachment is { AttachmentId: not null } a
            ? new EniAttachment(a.AttachmentId, a.InstanceId ?? string.Empty, a.DeviceIndex ?? 0, a.NetworkCardIndex ?? 0,
                a.Status?.Value ?? string.Empty, a.DeleteOnTermination ?? false)
            : null;
        return new EniDescription(
            eni.NetworkInterfaceId,
            (eni.MacAddress ?? string.Empty).ToLowerInvariant(),
            eni.SubnetId ?? string.Empty,
            eni.VpcId ?? string.Empty,
            eni.Status?.Value ?? string.Empty,
            eni.Description ?? string.Empty,
            attachment,
            IPAddress.Parse(primary),
            secondaries,
            prefixes,
            (eni.Groups ?? new()).Select(g => g.GroupId).Where(id => id is not null).ToArray(),
            tags)
        {
            Ipv6Addresses = (eni.Ipv6Addresses ?? new()).Where(a => a.Ipv6Address is not null).Select(a => IPAddress.Parse(a.Ipv6Address)).ToArray(),
            Ipv6Prefixes = (eni.Ipv6Prefixes ?? new()).Where(p => p.Ipv6Prefix is not null).Select(p => IPNetwork.Parse(p.Ipv6Prefix)).ToArray(),
        };
    }

    private static Filter FilterOf(string name, params string[] values) => new() { Name = name, Values = values.ToList() };
}
