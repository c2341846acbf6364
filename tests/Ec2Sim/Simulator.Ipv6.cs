using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using EsCni.Ec2Sim.Model;
using EsCni.Ec2Sim.Query;

namespace EsCni.Ec2Sim;

/// <summary>
/// IPv6: the VPC's and subnets' IPv6 blocks, and AssignIpv6Addresses / UnassignIpv6Addresses of single addresses and
/// /80 prefixes (the VPC CNI's IPv6 mode asks for one /80 per ENI with Ipv6PrefixCount=1).
/// </summary>
/// <remarks>
/// A subnet's /64 is split into /80s: the first /80 holds the single addresses (from ::1 up), prefix n is the n-th /80
/// after it, so the two never overlap. EC2 counts IPv6 addresses and prefixes against the ENI's per-interface limit,
/// as it does IPv4 ones; the simulator uses the instance type's IPv4-per-ENI number for IPv6 too, as EC2 does for
/// the current Nitro types.
/// </remarks>
public sealed partial class Simulator
{
    private const int Ipv6PrefixLength = 80;

    /// <summary>AssignIpv6Addresses: <paramref name="count"/> single addresses and/or <paramref name="prefixCount"/> /80 prefixes.</summary>
    /// <returns>The addresses and prefixes assigned by this call.</returns>
    public (IReadOnlyList<string> Addresses, IReadOnlyList<string> Prefixes) AssignIpv6Addresses(string eniId, int count, int prefixCount)
    {
        if (count < 0 || prefixCount < 0 || count + prefixCount == 0)
        {
            throw Ec2Exception.Invalid($"Specify a positive Ipv6AddressCount or Ipv6PrefixCount (got {count} and {prefixCount}).");
        }

        lock (_lock)
        {
            AssertInvariants();
            Eni eni = EniUnsynchronized(eniId);
            Subnet subnet = SubnetUnsynchronized(eni.SubnetId);
            if (!Ipv6Cidr.TryParse(subnet.Ipv6CidrBlock, out Ipv6Cidr block))
            {
                throw Ec2Exception.Invalid(
                    $"Subnet {subnet.Id} of {eni.Id} has no IPv6 CIDR block; give it ipv6CidrBlock in the scenario (and the VPC ipv6CidrBlocks).");
            }

            int used = eni.Ipv6Addresses.Count + eni.Ipv6Prefixes.Count;
            if (used + count + prefixCount > InstanceLimits.Ipv4AddressesPerInterface)
            {
                throw new Ec2Exception("PrivateIpAddressLimitExceeded",
                    $"Number of IPv6 addresses will exceed limit: {eni.Id} has {used}, the request asks for {count + prefixCount} more, {_instance.InstanceType} allows {InstanceLimits.Ipv4AddressesPerInterface} per ENI.");
            }

            var takenPrefixes = _enis.Values.SelectMany(e => e.Ipv6Prefixes).ToHashSet(StringComparer.Ordinal);
            var takenAddresses = _enis.Values.SelectMany(e => e.Ipv6Addresses).ToHashSet(StringComparer.Ordinal);
            var newPrefixes = new List<string>();
            for (ulong n = 1; newPrefixes.Count < prefixCount && n < 1UL << (Ipv6PrefixLength - 64); n++)
            {
                string prefix = block.Subblock(Ipv6PrefixLength, n).ToString();
                if (!takenPrefixes.Contains(prefix))
                {
                    newPrefixes.Add(prefix);
                }
            }

            var newAddresses = new List<string>();
            for (ulong n = 1; newAddresses.Count < count && n < 1UL << 32; n++)
            {
                string address = block.AddressAt(n);
                if (!takenAddresses.Contains(address))
                {
                    newAddresses.Add(address);
                }
            }

            Eni updated = eni with
            {
                Ipv6Addresses = eni.Ipv6Addresses.AddRange(newAddresses),
                Ipv6Prefixes = eni.Ipv6Prefixes.AddRange(newPrefixes),
            };
            CommitUnsynchronized(_enis.SetItem(eni.Id, updated));
            return (newAddresses, newPrefixes);
        }
    }

    /// <summary>UnassignIpv6Addresses: addresses and/or prefixes the ENI holds; anything it does not hold is refused.</summary>
    public void UnassignIpv6Addresses(string eniId, IReadOnlyList<string> addresses, IReadOnlyList<string> prefixes)
    {
        if (addresses.Count == 0 && prefixes.Count == 0)
        {
            throw Ec2Exception.Invalid("Specify Ipv6Addresses or Ipv6Prefix.");
        }

        lock (_lock)
        {
            AssertInvariants();
            Eni eni = EniUnsynchronized(eniId);
            var missing = addresses.Where(a => !eni.Ipv6Addresses.Contains(a)).Concat(prefixes.Where(p => !eni.Ipv6Prefixes.Contains(p))).ToList();
            if (missing.Count > 0)
            {
                throw Ec2Exception.Invalid($"Some of the specified IPv6 addresses are not assigned to interface {eni.Id}: {string.Join(", ", missing)}");
            }

            Eni updated = eni with
            {
                Ipv6Addresses = eni.Ipv6Addresses.RemoveAll(addresses.Contains),
                Ipv6Prefixes = eni.Ipv6Prefixes.RemoveAll(prefixes.Contains),
            };
            CommitUnsynchronized(_enis.SetItem(eni.Id, updated));
        }
    }

    /// <summary>Scenario rules for IPv6: blocks parse, a subnet's block is a /64 inside a VPC block.</summary>
    private static void CheckIpv6Blocks(Scenario scenario, List<string> problems)
    {
        var vpcBlocks = new List<Ipv6Cidr>();
        foreach (string text in scenario.Vpc.Ipv6CidrBlocks)
        {
            if (Ipv6Cidr.TryParse(text, out Ipv6Cidr block))
            {
                vpcBlocks.Add(block);
            }
            else
            {
                problems.Add($"vpc.ipv6CidrBlocks has '{text}', which is not an IPv6 CIDR block; write e.g. 2600:1f14:abc:de00::/56.");
            }
        }

        foreach (ScenarioSubnet s in scenario.Subnets.Where(s => s.Ipv6CidrBlock is not null))
        {
            if (!Ipv6Cidr.TryParse(s.Ipv6CidrBlock, out Ipv6Cidr block) || block.PrefixLength != 64)
            {
                problems.Add($"subnet {s.Id}: ipv6CidrBlock '{s.Ipv6CidrBlock}' is not an IPv6 /64 (EC2 subnets are /64s).");
            }
            else if (!vpcBlocks.Any(v => v.Contains(block)))
            {
                problems.Add($"subnet {s.Id}: {block} is outside the VPC's IPv6 blocks ({string.Join(", ", scenario.Vpc.Ipv6CidrBlocks)}).");
            }
        }
    }
}
