using System.Collections.Generic;
using System.Xml;
using EsCni.Ec2Sim.Model;
using EsCni.Ec2Sim.Query;

namespace EsCni.Ec2Sim.Actions;

/// <summary>Writes the XML shapes several actions share: a network interface, a tag set, a group set.</summary>
internal static class EniXml
{
    /// <summary>A NetworkInterface (DescribeNetworkInterfaces item, CreateNetworkInterface's networkInterface, DescribeInstances' interface).</summary>
    public static void WriteNetworkInterface(XmlWriter xml, string element, Eni eni, string ownerId)
    {
        xml.Start(element);
        xml.Element("networkInterfaceId", eni.Id);
        xml.Element("subnetId", eni.SubnetId);
        xml.Element("vpcId", eni.VpcId);
        xml.Element("availabilityZone", eni.AvailabilityZone);
        xml.Element("description", eni.Description);
        xml.Element("ownerId", ownerId);
        xml.Element("requesterManaged", false);
        xml.Element("status", eni.Status.ToWire());
        xml.Element("macAddress", eni.MacAddress);
        xml.Element("privateIpAddress", eni.PrimaryIp);
        xml.Element("privateDnsName", DnsName(eni.PrimaryIp));
        xml.Element("sourceDestCheck", eni.SourceDestCheck);
        WriteGroups(xml, eni.SecurityGroups);
        if (eni.Attachment is { } a)
        {
            xml.Start("attachment");
            xml.Element("attachmentId", a.AttachmentId);
            xml.Element("instanceId", a.InstanceId);
            xml.Element("instanceOwnerId", ownerId);
            xml.Element("deviceIndex", a.DeviceIndex);
            xml.Element("networkCardIndex", a.NetworkCardIndex);
            xml.Element("status", a.Status);
            xml.Element("attachTime", a.AttachTime);
            xml.Element("deleteOnTermination", a.DeleteOnTermination);
            xml.WriteEndElement();
        }
        WriteTags(xml, eni.Tags);
        xml.Start("privateIpAddressesSet");
        foreach (PrivateIp ip in eni.PrivateIps)
        {
            xml.Start("item");
            xml.Element("privateIpAddress", ip.Address);
            xml.Element("privateDnsName", DnsName(ip.Address));
            xml.Element("primary", ip.Primary);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        WriteSet(xml, "ipv4PrefixSet", "ipv4Prefix", eni.Ipv4Prefixes);
        WriteSet(xml, "ipv6AddressesSet", "ipv6Address", eni.Ipv6Addresses);
        WriteSet(xml, "ipv6PrefixSet", "ipv6Prefix", eni.Ipv6Prefixes);
        xml.Element("interfaceType", "interface");
        xml.WriteEndElement();
    }

    /// <summary>A set of items each holding one named value: &lt;set&gt;&lt;item&gt;&lt;field&gt;v&lt;/field&gt;&lt;/item&gt;…&lt;/set&gt;.</summary>
    public static void WriteSet(XmlWriter xml, string set, string field, IEnumerable<string> values)
    {
        xml.Start(set);
        foreach (string value in values)
        {
            xml.Start("item");
            xml.Element(field, value);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    /// <summary>A list of bare values: &lt;list&gt;&lt;item&gt;v&lt;/item&gt;…&lt;/list&gt; (AssignIpv6Addresses' answer shape).</summary>
    public static void WriteValueList(XmlWriter xml, string list, IEnumerable<string> values)
    {
        xml.Start(list);
        foreach (string value in values)
        {
            xml.Element("item", value);
        }
        xml.WriteEndElement();
    }

    /// <summary>tagSet with key/value items.</summary>
    public static void WriteTags(XmlWriter xml, IEnumerable<KeyValuePair<string, string>> tags)
    {
        xml.Start("tagSet");
        foreach ((string key, string value) in tags)
        {
            xml.Start("item");
            xml.Element("key", key);
            xml.Element("value", value);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    /// <summary>groupSet with groupId/groupName items (the simulator does not name groups, so the name is the id).</summary>
    public static void WriteGroups(XmlWriter xml, IEnumerable<string> groups)
    {
        xml.Start("groupSet");
        foreach (string group in groups)
        {
            xml.Start("item");
            xml.Element("groupId", group);
            xml.Element("groupName", group);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    /// <summary>An internal DNS name for an address (ip-10-10-0-10.ec2.internal); clients only echo it.</summary>
    public static string DnsName(string address) => "ip-" + address.Replace('.', '-') + ".ec2.internal";
}
