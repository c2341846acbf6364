using System;
using System.Collections.Generic;
using System.Xml;
using EsCni.Ec2Sim.Query;

namespace EsCni.Ec2Sim.Actions;

/// <summary>AssignPrivateIpAddresses and UnassignPrivateIpAddresses (addresses and /28 prefixes, explicit or by count).</summary>
internal static class PrivateIpActions
{
    public static Action<XmlWriter> Assign(Simulator simulator, QueryRequest request)
    {
        string eniId = request.GetRequiredString("NetworkInterfaceId");
        (IReadOnlyList<string> addresses, IReadOnlyList<string> prefixes) = simulator.AssignPrivateIpAddresses(
            eniId,
            request.GetList("PrivateIpAddress"),
            request.GetInt("SecondaryPrivateIpAddressCount") ?? 0,
            request.GetList("Ipv4Prefix"),
            request.GetInt("Ipv4PrefixCount") ?? 0,
            request.GetBool("AllowReassignment") ?? false);
        return xml =>
        {
            xml.Element("networkInterfaceId", eniId);
            xml.Start("assignedPrivateIpAddressesSet");
            foreach (string address in addresses)
            {
                xml.Start("item");
                xml.Element("privateIpAddress", address);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            xml.Start("assignedIpv4PrefixSet");
            foreach (string prefix in prefixes)
            {
                xml.Start("item");
                xml.Element("ipv4Prefix", prefix);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        };
    }

    public static Action<XmlWriter> Unassign(Simulator simulator, QueryRequest request)
    {
        simulator.UnassignPrivateIpAddresses(
            request.GetRequiredString("NetworkInterfaceId"),
            request.GetList("PrivateIpAddress"),
            request.GetList("Ipv4Prefix"));
        return ReturnTrue.Write;
    }
}
