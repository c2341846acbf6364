using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using EsCni.Ec2Sim.Model;
using EsCni.Ec2Sim.Query;

namespace EsCni.Ec2Sim;

/// <summary>Private IPv4 addresses and /28 prefixes: per-ENI limits, subnet capacity, uniqueness across the VPC.</summary>
public sealed partial class Simulator
{
    private const int PrefixSize = 16; // a delegated IPv4 prefix is always a /28

    /// <summary>AssignPrivateIpAddresses: explicit addresses or a count, and/or explicit /28 prefixes or a prefix count.</summary>
    /// <returns>The addresses and prefixes assigned by this call.</returns>
    public (IReadOnlyList<string> Addresses, IReadOnlyList<string> Prefixes) AssignPrivateIpAddresses(string eniId,
        IReadOnlyList<string> addresses, int count, IReadOnlyList<string> prefixes, int prefixCount, bool allowReassignment)
    {
        if (addresses.Count == 0 && count == 0 && prefixes.Count == 0 && prefixCount == 0)
        {
            throw Ec2Exception.Invalid("Specify PrivateIpAddress, SecondaryPrivateIpAddressCount, Ipv4Prefix or Ipv4PrefixCount.");
        }
        if (count < 0 || prefixCount < 0)
        {
            throw Ec2Exception.Invalid($"Counts must not be negative (SecondaryPrivateIpAddressCount={count}, Ipv4PrefixCount={prefixCount}).");
        }
        lock (_lock)
        {
            AssertInvariants();
            Eni eni = EniUnsynchronized(eniId);
            int wanted = eni.UsedSlots + addresses.Count + count + prefixes.Count + prefixCount;
            if (wanted > InstanceLimits.Ipv4AddressesPerInterface)
            {
                throw new Ec2Exception("PrivateIpAddressLimitExceeded",
                    $"Number of private addresses will exceed limit: {eni.Id} has {eni.UsedSlots}, the request asks for {wanted - eni.UsedSlots} more, {_instance.InstanceType} allows {InstanceLimits.Ipv4AddressesPerInterface} per ENI.");
            }
            Subnet subnet = SubnetUnsynchronized(eni.SubnetId);
            ImmutableSortedDictionary<string, Eni> enis = _enis;
            if (allowReassignment)
            {
                enis = TakeFromOthers(enis, eni.Id, addresses);
            }
            HashSet<uint> used = UsedAddresses(enis.Values);
            List<string> newIps = ClaimExplicitUnsynchronized(subnet, addresses, used, allowReassignment: false);
            newIps.AddRange(AllocateAddressesUnsynchronized(subnet, count, used));
            List<string> newPrefixes = ClaimPrefixesUnsynchronized(subnet, prefixes, prefixCount, used);
            Eni updated = eni with
            {
                PrivateIps = eni.PrivateIps.AddRange(newIps.Select(a => new PrivateIp(a, false))),
                Ipv4Prefixes = eni.Ipv4Prefixes.AddRange(newPrefixes),
            };
            CommitUnsynchronized(enis.SetItem(eni.Id, updated));
            return (newIps, newPrefixes);
        }
    }

    /// <summary>UnassignPrivateIpAddresses: secondary addresses and/or prefixes; the primary address cannot be removed.</summary>
    public void UnassignPrivateIpAddresses(string eniId, IReadOnlyList<string> addresses, IReadOnlyList<string> prefixes)
    {
        if (addresses.Count == 0 && prefixes.Count == 0)
        {
            throw Ec2Exception.Invalid("Specify PrivateIpAddress or Ipv4Prefix.");
        }
        lock (_lock)
        {
            AssertInvariants();
            Eni eni = EniUnsynchronized(eniId);
            if (eni.PrivateIps.Any(p => p.Primary && addresses.Contains(p.Address)))
            {
                throw Ec2Exception.Invalid($"The primary private IP address {eni.PrimaryIp} of {eni.Id} cannot be unassigned.");
            }
            var missing = addresses.Where(a => !eni.PrivateIps.Any(p => p.Address == a))
                .Concat(prefixes.Where(p => !eni.Ipv4Prefixes.Contains(p)))
                .ToList();
            if (missing.Count > 0)
            {
                throw Ec2Exception.Invalid($"Some of the specified addresses are not assigned to interface {eni.Id}: {string.Join(", ", missing)}");
            }
            Eni updated = eni with
            {
                PrivateIps = eni.PrivateIps.RemoveAll(p => addresses.Contains(p.Address)),
                Ipv4Prefixes = eni.Ipv4Prefixes.RemoveAll(prefixes.Contains),
            };
            CommitUnsynchronized(_enis.SetItem(eni.Id, updated));
        }
    }

    private HashSet<uint> UsedAddressesUnsynchronized() => UsedAddresses(_enis.Values);

    private static HashSet<uint> UsedAddresses(IEnumerable<Eni> enis)
    {
        var used = new HashSet<uint>();
        foreach (Eni eni in enis)
        {
            foreach (PrivateIp ip in eni.PrivateIps)
            {
                Ipv4Cidr.TryParseAddress(ip.Address, out uint a);
                used.Add(a);
            }
            foreach (string prefix in eni.Ipv4Prefixes)
            {
                Ipv4Cidr p = Ipv4Cidr.Parse(prefix);
                for (uint a = p.Network; a <= p.Last; a++)
                {
                    used.Add(a);
                }
            }
        }
        return used;
    }

    private static int AvailableUnsynchronized(Subnet subnet, HashSet<uint> used) =>
        Math.Max(0, subnet.Capacity - used.Count(subnet.Cidr.Contains));

    private static List<string> ClaimExplicitUnsynchronized(Subnet subnet, IEnumerable<string> addresses, HashSet<uint> used, bool allowReassignment)
    {
        var claimed = new List<string>();
        foreach (string text in addresses)
        {
            if (!Ipv4Cidr.TryParseAddress(text, out uint a))
            {
                throw Ec2Exception.Invalid($"Value ({text}) for parameter privateIpAddress is invalid. Expected an IPv4 address.");
            }
            if (!subnet.Cidr.Contains(a) || subnet.IsReserved(a))
            {
                throw Ec2Exception.Invalid($"Address {text} does not fall within the usable range of subnet {subnet.Id} ({subnet.Cidr}).");
            }
            if (used.Contains(a) && !allowReassignment)
            {
                throw new Ec2Exception("InvalidIPAddress.InUse", $"Address {text} is in use.");
            }
            if (AvailableUnsynchronized(subnet, used) < 1)
            {
                throw InsufficientAddresses(subnet);
            }
            used.Add(a);
            claimed.Add(text);
        }
        return claimed;
    }

    private static List<string> AllocateAddressesUnsynchronized(Subnet subnet, int count, HashSet<uint> used)
    {
        if (count == 0)
        {
            return [];
        }
        if (AvailableUnsynchronized(subnet, used) < count)
        {
            throw InsufficientAddresses(subnet);
        }
        var picked = new List<string>(count);
        for (uint a = subnet.Cidr.Network; a <= subnet.Cidr.Last && picked.Count < count; a++)
        {
            if (!subnet.IsReserved(a) && used.Add(a))
            {
                picked.Add(Ipv4Cidr.FormatAddress(a));
            }
        }
        return picked.Count == count ? picked : throw InsufficientAddresses(subnet);
    }

    private static List<string> ClaimPrefixesUnsynchronized(Subnet subnet, IReadOnlyList<string> prefixes, int count, HashSet<uint> used)
    {
        var claimed = new List<string>();
        foreach (string text in prefixes)
        {
            if (!Ipv4Cidr.TryParse(text, out Ipv4Cidr p) || p.PrefixLength != 28 || p.ToString() != text || !subnet.Cidr.Contains(p))
            {
                throw Ec2Exception.Invalid($"Prefix {text} is not an aligned /28 inside subnet {subnet.Id} ({subnet.Cidr}).");
            }
            ClaimBlock(subnet, p, used, text);
            claimed.Add(text);
        }
        for (int i = 0; i < count; i++)
        {
            if (AvailableUnsynchronized(subnet, used) < PrefixSize)
            {
                throw InsufficientCidrBlocks(subnet);
            }
            Ipv4Cidr? free = null;
            for (uint start = subnet.Cidr.Network; start + PrefixSize - 1 <= subnet.Cidr.Last; start += PrefixSize)
            {
                var block = new Ipv4Cidr(start, 28);
                if (!Enumerable.Range(0, PrefixSize).Any(o => used.Contains(start + (uint)o) || subnet.IsReserved(start + (uint)o)))
                {
                    free = block;
                    break;
                }
            }
            Ipv4Cidr found = free ?? throw InsufficientCidrBlocks(subnet);
            ClaimBlock(subnet, found, used, found.ToString());
            claimed.Add(found.ToString());
        }
        return claimed;
    }

    private static void ClaimBlock(Subnet subnet, Ipv4Cidr block, HashSet<uint> used, string text)
    {
        for (uint a = block.Network; a <= block.Last; a++)
        {
            if (used.Contains(a) || subnet.IsReserved(a))
            {
                throw new Ec2Exception("InvalidParameterValue", $"Prefix {text} overlaps an address in use or reserved in subnet {subnet.Id}.");
            }
        }
        if (AvailableUnsynchronized(subnet, used) < PrefixSize)
        {
            throw InsufficientCidrBlocks(subnet);
        }
        for (uint a = block.Network; a <= block.Last; a++)
        {
            used.Add(a);
        }
    }

    // AllowReassignment moves a secondary address from whichever ENI holds it, as EC2 does for failover setups.
    private static ImmutableSortedDictionary<string, Eni> TakeFromOthers(ImmutableSortedDictionary<string, Eni> enis, string eniId, IReadOnlyList<string> addresses)
    {
        foreach (Eni other in enis.Values.Where(e => e.Id != eniId).ToList())
        {
            if (other.PrivateIps.Any(p => p.Primary && addresses.Contains(p.Address)))
            {
                throw Ec2Exception.Invalid($"Address {other.PrimaryIp} is the primary address of {other.Id} and cannot be reassigned.");
            }
            if (other.PrivateIps.Any(p => addresses.Contains(p.Address)))
            {
                enis = enis.SetItem(other.Id, other with { PrivateIps = other.PrivateIps.RemoveAll(p => addresses.Contains(p.Address)) });
            }
        }
        return enis;
    }

    private static Ec2Exception InsufficientAddresses(Subnet subnet) =>
        new("InsufficientFreeAddressesInSubnet", $"The specified subnet {subnet.Id} does not have enough free addresses to satisfy the request.");

    private static Ec2Exception InsufficientCidrBlocks(Subnet subnet) =>
        new("InsufficientCidrBlocks", $"The specified subnet {subnet.Id} does not have enough free cidr blocks to satisfy the request.");
}
