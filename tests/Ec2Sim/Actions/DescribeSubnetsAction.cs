using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml;
using EsCni.Ec2Sim.Model;
using EsCni.Ec2Sim.Query;

namespace EsCni.Ec2Sim.Actions;

/// <summary>DescribeSubnets with live availableIpAddressCount (the VPC CNI's subnet discovery reads it and the tags).</summary>
internal static class DescribeSubnetsAction
{
    public static Action<XmlWriter> Run(Simulator simulator, QueryRequest request)
    {
        IReadOnlyList<string> ids = request.GetList("SubnetId");
        IEnumerable<Subnet> subnets = simulator.Subnets;
        if (ids.Count > 0)
        {
            string? missing = ids.FirstOrDefault(id => !subnets.Any(s => s.Id == id));
            if (missing is not null)
            {
                throw new Ec2Exception("InvalidSubnetID.NotFound", $"The subnet ID '{missing}' does not exist");
            }
            subnets = subnets.Where(s => ids.Contains(s.Id));
        }
        foreach (QueryFilter filter in request.GetFilters())
        {
            subnets = subnets.Where(s => Matches(filter, s)).ToList();
        }
        List<Subnet> result = subnets.ToList();
        IReadOnlyDictionary<string, int> available = simulator.AvailableAddressCounts();
        string owner = simulator.Vpc.OwnerId;
        string region = simulator.Region;
        return xml =>
        {
            xml.Start("subnetSet");
            foreach (Subnet s in result)
            {
                xml.Start("item");
                xml.Element("subnetId", s.Id);
                xml.Element("subnetArn", $"arn:aws:ec2:{region}:{owner}:subnet/{s.Id}");
                xml.Element("state", "available");
                xml.Element("ownerId", owner);
                xml.Element("vpcId", s.VpcId);
                xml.Element("cidrBlock", s.CidrBlock);
                xml.Element("availableIpAddressCount", available[s.Id]);
                xml.Start("ipv6CidrBlockAssociationSet");
                if (s.Ipv6CidrBlock is { } v6)
                {
                    xml.Start("item");
                    xml.Element("associationId", "subnet-cidr-assoc-" + s.Id["subnet-".Length..]);
                    xml.Element("ipv6CidrBlock", v6);
                    xml.Start("ipv6CidrBlockState");
                    xml.Element("state", "associated");
                    xml.WriteEndElement();
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
                xml.Element("availabilityZone", s.AvailabilityZone);
                xml.Element("availabilityZoneId", ZoneId(region, s.AvailabilityZone));
                xml.Element("defaultForAz", false);
                xml.Element("mapPublicIpOnLaunch", false);
                xml.Element("assignIpv6AddressOnCreation", false);
                xml.Start("ipv6CidrBlockAssociationSet");
                xml.WriteEndElement();
                EniXml.WriteTags(xml, s.Tags);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        };
    }

    // us-west-2a → usw2-az1: EC2's account-independent zone id has this shape.
    private static string ZoneId(string region, string zone)
    {
        string[] parts = region.Split('-');
        string shortRegion = parts.Length == 3 ? $"{parts[0]}{parts[1][0]}{parts[2]}" : region;
        char letter = zone.Length > 0 ? zone[^1] : 'a';
        return letter is >= 'a' and <= 'z' ? $"{shortRegion}-az{letter - 'a' + 1}" : zone;
    }

    private static bool Matches(QueryFilter filter, Subnet subnet)
    {
        if (filter.Name.StartsWith("tag:", StringComparison.Ordinal))
        {
            return subnet.Tags.TryGetValue(filter.Name[4..], out string? value) && filter.Matches(value);
        }
        return filter.Name switch
        {
            "subnet-id" => filter.Matches(subnet.Id),
            "vpc-id" => filter.Matches(subnet.VpcId),
            "availability-zone" or "availabilityZone" => filter.Matches(subnet.AvailabilityZone),
            "cidr-block" or "cidrBlock" or "cidr" => filter.Matches(subnet.CidrBlock),
            "state" => filter.Matches("available"),
            "tag-key" => filter.MatchesAny(subnet.Tags.Keys),
            _ => throw Ec2Exception.Invalid($"The filter '{filter.Name}' is invalid (the simulator supports subnet-id, vpc-id, availability-zone, cidr-block, state, tag-key, tag:KEY)."),
        };
    }
}
