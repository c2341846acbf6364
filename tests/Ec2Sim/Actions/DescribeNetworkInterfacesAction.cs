using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml;
using EsCni.Ec2Sim.Model;
using EsCni.Ec2Sim.Query;

namespace EsCni.Ec2Sim.Actions;

/// <summary>DescribeNetworkInterfaces: by id list and/or filters, with MaxResults/NextToken paging.</summary>
internal static class DescribeNetworkInterfacesAction
{
    public static Action<XmlWriter> Run(Simulator simulator, QueryRequest request)
    {
        IReadOnlyList<string> ids = request.GetList("NetworkInterfaceId");
        IReadOnlyList<QueryFilter> filters = request.GetFilters();
        IEnumerable<Eni> enis = simulator.Enis.Values;
        if (ids.Count > 0)
        {
            string? missing = ids.FirstOrDefault(id => !simulator.Enis.ContainsKey(id));
            if (missing is not null)
            {
                throw Ec2Exception.EniNotFound(missing);
            }
            enis = enis.Where(e => ids.Contains(e.Id));
        }
        foreach (QueryFilter filter in filters)
        {
            enis = enis.Where(e => Matches(filter, e)).ToList();
        }
        List<Eni> all = enis.ToList();
        int offset = 0;
        if (request.GetString("NextToken") is string token
            && !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            throw Ec2Exception.Invalid($"The NextToken '{token}' is not valid; pass the nextToken of the previous page.");
        }
        int pageSize = request.GetInt("MaxResults") ?? int.MaxValue;
        if ((pageSize < 5 || (pageSize > 1000 && pageSize != int.MaxValue)) && ids.Count == 0)
        {
            throw Ec2Exception.Invalid($"Value ({pageSize}) for parameter maxResults is invalid. Expecting a value from 5 to 1000.");
        }
        List<Eni> page = all.Skip(offset).Take(pageSize).ToList();
        string? next = offset + page.Count < all.Count ? (offset + page.Count).ToString(CultureInfo.InvariantCulture) : null;
        string owner = simulator.Vpc.OwnerId;
        return xml =>
        {
            xml.Start("networkInterfaceSet");
            foreach (Eni eni in page)
            {
                EniXml.WriteNetworkInterface(xml, "item", eni, owner);
            }
            xml.WriteEndElement();
            if (next is not null)
            {
                xml.Element("nextToken", next);
            }
        };
    }

    private static bool Matches(QueryFilter filter, Eni eni)
    {
        if (filter.Name.StartsWith("tag:", StringComparison.Ordinal))
        {
            return eni.Tags.TryGetValue(filter.Name[4..], out string? value) && filter.Matches(value);
        }
        return filter.Name switch
        {
            "network-interface-id" => filter.Matches(eni.Id),
            "attachment.instance-id" => filter.Matches(eni.Attachment?.InstanceId),
            "attachment.attachment-id" => filter.Matches(eni.Attachment?.AttachmentId),
            "attachment.device-index" => filter.Matches(eni.Attachment?.DeviceIndex.ToString(CultureInfo.InvariantCulture)),
            "attachment.status" => filter.Matches(eni.Attachment?.Status),
            "status" => filter.Matches(eni.Status.ToWire()),
            "tag-key" => filter.MatchesAny(eni.Tags.Keys),
            "vpc-id" => filter.Matches(eni.VpcId),
            "subnet-id" => filter.Matches(eni.SubnetId),
            "availability-zone" => filter.Matches(eni.AvailabilityZone),
            "description" => filter.Matches(eni.Description),
            "mac-address" => filter.Matches(eni.MacAddress),
            "private-ip-address" or "addresses.private-ip-address" => filter.MatchesAny(eni.PrivateIps.Select(p => p.Address)),
            "group-id" => filter.MatchesAny(eni.SecurityGroups),
            "owner-id" => true,
            _ => throw Ec2Exception.Invalid($"The filter '{filter.Name}' is invalid (the simulator supports network-interface-id, attachment.instance-id, attachment.attachment-id, status, tag-key, tag:KEY, vpc-id, subnet-id, availability-zone, description, mac-address, private-ip-address)."),
        };
    }
}
