using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using EsCni.Ec2Sim.Model;

namespace EsCni.Ec2Sim;

/// <summary>Builds the initial world from a <see cref="Scenario"/>, reporting every problem at once.</summary>
public sealed partial class Simulator
{
    private static readonly Regex s_mac = new("^[0-9a-f]{2}(:[0-9a-f]{2}){5}$", RegexOptions.CultureInvariant);

    private (Vpc, ImmutableArray<Subnet>, Instance, ImmutableSortedDictionary<string, Eni>) Build(Scenario scenario, DateTimeOffset now)
    {
        var problems = new List<string>();
        var vpcBlocks = new List<Ipv4Cidr>();
        foreach (string block in scenario.Vpc.CidrBlocks)
        {
            if (Ipv4Cidr.TryParse(block, out Ipv4Cidr cidr))
            {
                vpcBlocks.Add(cidr);
            }
            else
            {
                problems.Add($"vpc.cidrBlocks has '{block}', which is not an IPv4 CIDR block; write e.g. 10.10.0.0/16.");
            }
        }
        if (scenario.Vpc.CidrBlocks.Count == 0)
        {
            problems.Add("vpc.cidrBlocks is empty; give at least one block, e.g. [\"10.10.0.0/16\"].");
        }
        var vpc = new Vpc(scenario.Vpc.Id, scenario.OwnerId, [.. scenario.Vpc.CidrBlocks], Sorted(scenario.Vpc.Tags))
        {
            Ipv6CidrBlocks = [.. scenario.Vpc.Ipv6CidrBlocks],
        };
        CheckIpv6Blocks(scenario, problems);

        var subnets = new List<(ScenarioSubnet Spec, Ipv4Cidr Cidr)>();
        foreach (ScenarioSubnet s in scenario.Subnets)
        {
            if (!Ipv4Cidr.TryParse(s.CidrBlock, out Ipv4Cidr cidr))
            {
                problems.Add($"subnet {s.Id}: cidrBlock '{s.CidrBlock}' is not an IPv4 CIDR block.");
                continue;
            }
            if (!vpcBlocks.Any(b => b.Contains(cidr)))
            {
                problems.Add($"subnet {s.Id}: {cidr} is outside the VPC's blocks ({string.Join(", ", scenario.Vpc.CidrBlocks)}).");
            }
            if (cidr.PrefixLength > 28)
            {
                problems.Add($"subnet {s.Id}: {cidr} is smaller than EC2's minimum /28.");
            }
            if (subnets.Any(o => o.Cidr.Contains(cidr.Network) || cidr.Contains(o.Cidr.Network)))
            {
                problems.Add($"subnet {s.Id}: {cidr} overlaps another subnet.");
            }
            if (subnets.Any(o => o.Spec.Id == s.Id))
            {
                problems.Add($"subnet id {s.Id} is used twice.");
            }
            if (s.FreeCapacity is < 0)
            {
                problems.Add($"subnet {s.Id}: freeCapacity is {s.FreeCapacity}; use 0 or more (or leave it out for the block's size).");
            }
            subnets.Add((s, cidr));
        }
        if (subnets.Count == 0)
        {
            problems.Add("subnets is empty; give at least the instance's subnet.");
        }

        ScenarioInstance inst = scenario.Instance;
        if (!InstanceTypes.TryGet(inst.InstanceType, out InstanceTypeLimits? limits))
        {
            problems.Add($"instance.instanceType '{inst.InstanceType}' is unknown; use one of {string.Join(", ", InstanceTypes.All.Select(t => t.Name))}.");
        }

        var enis = new Dictionary<string, Eni>(StringComparer.Ordinal);
        var used = new HashSet<uint>();
        string primarySubnet = inst.PrimaryEni.SubnetId ?? subnets.FirstOrDefault().Spec?.Id ?? "";
        Eni? primary = BuildEni(inst.PrimaryEni with { SubnetId = primarySubnet }, "instance.primaryEni", 0, inst, vpc, subnets, used, problems, now);
        var all = new List<(Eni? Eni, string Where)> { (primary, "instance.primaryEni") };
        for (int i = 0; i < inst.ExtraEnis.Count; i++)
        {
            ScenarioEni e = inst.ExtraEnis[i];
            string where = $"instance.extraEnis[{i}]";
            if (e.DeviceIndex < 1 || (limits is not null && e.DeviceIndex >= limits.MaxNetworkInterfaces))
            {
                problems.Add($"{where}: deviceIndex {e.DeviceIndex} must be from 1 to {(limits?.MaxNetworkInterfaces ?? 2) - 1} for {inst.InstanceType}.");
            }
            all.Add((BuildEni(e with { SubnetId = e.SubnetId ?? primarySubnet }, where, e.DeviceIndex, inst, vpc, subnets, used, problems, now), where));
        }
        for (int i = 0; i < scenario.AvailableEnis.Count; i++)
        {
            ScenarioEni e = scenario.AvailableEnis[i];
            string where = $"availableEnis[{i}]";
            all.Add((BuildEni(e with { SubnetId = e.SubnetId ?? primarySubnet }, where, null, inst, vpc, subnets, used, problems, now), where));
        }
        foreach ((Eni? eni, string where) in all)
        {
            if (eni is null)
            {
                continue;
            }
            if (!enis.TryAdd(eni.Id, eni))
            {
                problems.Add($"{where}: ENI id {eni.Id} is used twice.");
            }
            if (limits is not null && eni.UsedSlots > limits.Ipv4AddressesPerInterface)
            {
                problems.Add($"{where}: {eni.UsedSlots} addresses exceed {inst.InstanceType}'s {limits.Ipv4AddressesPerInterface} per ENI.");
            }
        }
        var deviceIndices = inst.ExtraEnis.Select(e => e.DeviceIndex).ToList();
        if (deviceIndices.Count != deviceIndices.Distinct().Count())
        {
            problems.Add("instance.extraEnis use the same deviceIndex twice.");
        }
        ScenarioSubnet? spec = subnets.FirstOrDefault(s => s.Spec.Id == primarySubnet).Spec;
        if (spec is not null && spec.AvailabilityZone != inst.AvailabilityZone)
        {
            problems.Add($"instance.availabilityZone is {inst.AvailabilityZone} but its subnet {spec.Id} is in {spec.AvailabilityZone}.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("the scenario is invalid: " + string.Join(" ", problems) + " See tests/Ec2Sim/README.md.", nameof(scenario));
        }

        var built = subnets.Select(s =>
        {
            int maximum = (int)s.Cidr.Size - 5;
            int usedHere = used.Count(a => s.Cidr.Contains(a));
            int capacity = s.Spec.FreeCapacity is int free ? Math.Min(maximum, usedHere + free) : maximum;
            return new Subnet(s.Spec.Id, vpc.Id, s.Cidr, s.Spec.AvailabilityZone, capacity, Sorted(s.Spec.Tags))
            {
                Ipv6CidrBlock = s.Spec.Ipv6CidrBlock,
            };
        }).ToImmutableArray();
        Subnet instanceSubnet = built.First(s => s.Id == primarySubnet);
        var instance = new Instance(inst.Id, inst.InstanceType, inst.AvailabilityZone, instanceSubnet.Id, primary!.Id, inst.ImageId, now,
            inst.IamRole, [.. inst.SecurityGroups], Sorted(inst.Tags));
        return (vpc, built, instance, enis.ToImmutableSortedDictionary(StringComparer.Ordinal));
    }

    private Eni? BuildEni(ScenarioEni e, string where, int? deviceIndex, ScenarioInstance inst, Vpc vpc,
        List<(ScenarioSubnet Spec, Ipv4Cidr Cidr)> subnets, HashSet<uint> used, List<string> problems, DateTimeOffset now)
    {
        (ScenarioSubnet? spec, Ipv4Cidr cidr) = subnets.FirstOrDefault(s => s.Spec.Id == e.SubnetId);
        if (spec is null)
        {
            problems.Add($"{where}: subnetId '{e.SubnetId}' is not one of the scenario's subnets.");
            return null;
        }
        var subnet = new Subnet(spec.Id, vpc.Id, cidr, spec.AvailabilityZone, int.MaxValue, ImmutableSortedDictionary<string, string>.Empty);
        var addresses = new List<string>();
        foreach (string ip in (e.PrimaryIp is null ? [] : new[] { e.PrimaryIp }).Concat(e.SecondaryIps))
        {
            if (!Ipv4Cidr.TryParseAddress(ip, out uint a) || !cidr.Contains(a) || subnet.IsReserved(a))
            {
                problems.Add($"{where}: address '{ip}' is not a usable address of subnet {spec.Id} ({cidr}).");
            }
            else if (!used.Add(a))
            {
                problems.Add($"{where}: address {ip} is already used by another ENI.");
            }
            else
            {
                addresses.Add(ip);
            }
        }
        if (e.PrimaryIp is null)
        {
            uint free = Enumerable.Range(4, (int)cidr.Size - 5).Select(o => cidr.Network + (uint)o).FirstOrDefault(a => !used.Contains(a));
            used.Add(free);
            addresses.Insert(0, Ipv4Cidr.FormatAddress(free));
        }
        foreach (string prefix in e.Ipv4Prefixes)
        {
            if (!Ipv4Cidr.TryParse(prefix, out Ipv4Cidr p) || p.PrefixLength != 28 || !cidr.Contains(p) || p.ToString() != prefix)
            {
                problems.Add($"{where}: prefix '{prefix}' is not an aligned /28 inside subnet {spec.Id} ({cidr}).");
                continue;
            }
            for (uint a = p.Network; a <= p.Last; a++)
            {
                if (!used.Add(a))
                {
                    problems.Add($"{where}: prefix {prefix} overlaps an address already in use.");
                    break;
                }
            }
        }
        if (addresses.Count == 0)
        {
            return null;
        }
        string mac = (e.Mac ?? MacFor(addresses[0])).ToLowerInvariant();
        if (!s_mac.IsMatch(mac))
        {
            problems.Add($"{where}: mac '{e.Mac}' is not a MAC address; write six hex pairs like 02:00:0a:0a:00:0a.");
        }
        EniAttachment? attachment = deviceIndex is int index
            ? new EniAttachment(NewId("eni-attach"), inst.Id, index, 0, "attached", now, index == 0)
            : null;
        return new Eni(
            e.Id ?? NewId("eni"),
            spec.Id,
            vpc.Id,
            spec.AvailabilityZone,
            mac,
            e.Description,
            attachment is null ? EniStatus.Available : EniStatus.InUse,
            attachment,
            addresses.Select((a, i) => new PrivateIp(a, i == 0)).ToImmutableList(),
            [.. e.Ipv4Prefixes],
            Sorted(e.Tags),
            [.. e.SecurityGroups ?? inst.SecurityGroups],
            true,
            now,
            null);
    }

    // Locally administered (02:…) and unique, because primary IPs are unique in the VPC: 10.10.0.10 → 02:00:0a:0a:00:0a.
    private static string MacFor(string primaryIp)
    {
        Ipv4Cidr.TryParseAddress(primaryIp, out uint a);
        return string.Create(CultureInfo.InvariantCulture, $"02:00:{a >> 24:x2}:{(a >> 16) & 0xFF:x2}:{(a >> 8) & 0xFF:x2}:{a & 0xFF:x2}");
    }

    private static ImmutableSortedDictionary<string, string> Sorted(IReadOnlyDictionary<string, string> tags) =>
        tags.ToImmutableSortedDictionary(StringComparer.Ordinal);
}
