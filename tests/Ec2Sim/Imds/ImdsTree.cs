using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using EsCni.Ec2Sim.Model;

namespace EsCni.Ec2Sim.Imds;

/// <summary>The instance-metadata tree (paths under /latest/) for one view of the ENIs: leaves hold text, directories list their children.</summary>
internal sealed class ImdsTree
{
    private readonly SortedDictionary<string, string> _leaves = new(StringComparer.Ordinal);

    public ImdsTree(Simulator simulator, ImmutableSortedDictionary<string, Eni> enis)
    {
        Instance instance = simulator.Instance;
        Vpc vpc = simulator.Vpc;
        DateTimeOffset now = simulator.Time.GetUtcNow();
        List<Eni> visible = enis.Values
            .Where(e => e.IsVisibleOnInstance && e.Attachment!.InstanceId == instance.Id)
            .OrderBy(e => e.Attachment!.DeviceIndex)
            .ToList();
        Eni primary = enis[instance.PrimaryEniId];
        const string Md = "meta-data/";
        Add(Md + "ami-id", instance.ImageId);
        Add(Md + "instance-id", instance.Id);
        Add(Md + "instance-type", instance.InstanceType);
        Add(Md + "local-ipv4", primary.PrimaryIp);
        Add(Md + "local-hostname", DnsName(primary.PrimaryIp, simulator.Region));
        Add(Md + "hostname", DnsName(primary.PrimaryIp, simulator.Region));
        Add(Md + "mac", primary.MacAddress);
        Add(Md + "placement/availability-zone", instance.AvailabilityZone);
        Add(Md + "placement/region", simulator.Region);
        Add(Md + "security-groups", string.Join("\n", instance.SecurityGroups));
        foreach (Eni eni in visible)
        {
            string m = $"{Md}network/interfaces/macs/{eni.MacAddress}/";
            Subnet subnet = simulator.Subnets.First(s => s.Id == eni.SubnetId);
            Add(m + "device-number", eni.Attachment!.DeviceIndex.ToString(CultureInfo.InvariantCulture));
            Add(m + "network-card", eni.Attachment.NetworkCardIndex.ToString(CultureInfo.InvariantCulture));
            Add(m + "interface-id", eni.Id);
            Add(m + "mac", eni.MacAddress);
            Add(m + "owner-id", vpc.OwnerId);
            Add(m + "local-hostname", DnsName(eni.PrimaryIp, simulator.Region));
            Add(m + "local-ipv4s", string.Join("\n", eni.PrivateIps.Select(p => p.Address)));
            if (eni.Ipv4Prefixes.Count > 0)
            {
                Add(m + "ipv4-prefix", string.Join("\n", eni.Ipv4Prefixes));
            }
            Add(m + "security-group-ids", string.Join("\n", eni.SecurityGroups));
            Add(m + "security-groups", string.Join("\n", eni.SecurityGroups));
            Add(m + "subnet-id", eni.SubnetId);
            Add(m + "subnet-ipv4-cidr-block", subnet.CidrBlock);
            Add(m + "vpc-id", vpc.Id);
            Add(m + "vpc-ipv4-cidr-block", vpc.CidrBlocks[0]);
            Add(m + "vpc-ipv4-cidr-blocks", string.Join("\n", vpc.CidrBlocks));
            AddIpv6(m, eni, subnet, vpc);
        }
        string role = instance.IamRole;
        Add(Md + "iam/info", JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["Code"] = "Success",
            ["LastUpdated"] = Iso(now),
            ["InstanceProfileArn"] = $"arn:aws:iam::{vpc.OwnerId}:instance-profile/{role}",
            ["InstanceProfileId"] = "AIPASIM0000000000001",
        }));
        // Any well-formed values do; the SDK only needs Expiration in the future to use them.
        Add(Md + "iam/security-credentials/" + role, JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["Code"] = "Success",
            ["LastUpdated"] = Iso(now),
            ["Type"] = "AWS-HMAC",
            ["AccessKeyId"] = "ASIASIMULATOR0000001",
            ["SecretAccessKey"] = "c2ltdWxhdG9yLXNlY3JldC1rZXktbm90LXJlYWw",
            ["Token"] = "c2ltdWxhdG9yLXNlc3Npb24tdG9rZW4tbm90LXJlYWw=",
            ["Expiration"] = Iso(now.AddHours(6)),
        }));
        Add("dynamic/instance-identity/document", JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["accountId"] = vpc.OwnerId,
            ["architecture"] = "x86_64",
            ["availabilityZone"] = instance.AvailabilityZone,
            ["imageId"] = instance.ImageId,
            ["instanceId"] = instance.Id,
            ["instanceType"] = instance.InstanceType,
            ["pendingTime"] = Iso(instance.LaunchTime),
            ["privateIp"] = primary.PrimaryIp,
            ["region"] = simulator.Region,
            ["version"] = "2017-09-30",
        }));
    }

    /// <summary>The text at <paramref name="path"/> (relative to /latest/): a leaf's value or a directory listing (children, subdirectories with '/').</summary>
    public string? Resolve(string path)
    {
        if (_leaves.TryGetValue(path.TrimEnd('/'), out string? value) && !path.EndsWith('/'))
        {
            return value;
        }
        string prefix = path.Length == 0 || path.EndsWith('/') ? path : path + "/";
        var children = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string leaf in _leaves.Keys)
        {
            if (leaf.StartsWith(prefix, StringComparison.Ordinal))
            {
                string rest = leaf[prefix.Length..];
                int slash = rest.IndexOf('/', StringComparison.Ordinal);
                children.Add(slash < 0 ? rest : rest[..(slash + 1)]);
            }
        }
        return children.Count == 0 ? null : string.Join("\n", children);
    }

    private void Add(string path, string value) => _leaves[path] = value;

    /// <summary>The IPv6 leaves of one interface; like EC2, each exists only when there is something to show.</summary>
    private void AddIpv6(string m, Eni eni, Subnet subnet, Vpc vpc)
    {
        if (eni.Ipv6Addresses.Count > 0)
        {
            Add(m + "ipv6s", string.Join("\n", eni.Ipv6Addresses));
        }

        if (eni.Ipv6Prefixes.Count > 0)
        {
            Add(m + "ipv6-prefix", string.Join("\n", eni.Ipv6Prefixes));
        }

        if (subnet.Ipv6CidrBlock is { } block)
        {
            Add(m + "subnet-ipv6-cidr-blocks", block);
        }

        if (vpc.Ipv6CidrBlocks.Length > 0)
        {
            Add(m + "vpc-ipv6-cidr-blocks", string.Join("\n", vpc.Ipv6CidrBlocks));
        }
    }

    private static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string DnsName(string address, string region) =>
        $"ip-{address.Replace('.', '-')}.{region}.compute.internal";
}
