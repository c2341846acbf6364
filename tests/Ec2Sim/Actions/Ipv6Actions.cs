using System;
using System.Collections.Generic;
using System.Xml;
using EsCni.Ec2Sim.Query;

namespace EsCni.Ec2Sim.Actions;

/// <summary>AssignIpv6Addresses (Ipv6AddressCount, Ipv6PrefixCount) and UnassignIpv6Addresses (Ipv6Addresses, Ipv6Prefix).</summary>
internal static class Ipv6Actions
{
    public static Action<XmlWriter> Assign(Simulator simulator, QueryRequest request)
    {
        string eniId = request.GetRequiredString("NetworkInterfaceId");
        (IReadOnlyList<string> addresses, IReadOnlyList<string> prefixes) = simulator.AssignIpv6Addresses(
            eniId, request.GetInt("Ipv6AddressCount") ?? 0, request.GetInt("Ipv6PrefixCount") ?? 0);
        return xml =>
        {
            EniXml.WriteValueList(xml, "assignedIpv6Addresses", addresses);
            EniXml.WriteValueList(xml, "assignedIpv6PrefixSet", prefixes);
            xml.Element("networkInterfaceId", eniId);
        };
    }

    public static Action<XmlWriter> Unassign(Simulator simulator, QueryRequest request)
    {
        string eniId = request.GetRequiredString("NetworkInterfaceId");
        IReadOnlyList<string> addresses = request.GetList("Ipv6Addresses");
        IReadOnlyList<string> prefixes = request.GetList("Ipv6Prefix");
        simulator.UnassignIpv6Addresses(eniId, addresses, prefixes);
        return xml =>
        {
            xml.Element("networkInterfaceId", eniId);
            EniXml.WriteValueList(xml, "unassignedIpv6Addresses", addresses);
            EniXml.WriteValueList(xml, "unassignedIpv6PrefixSet", prefixes);
        };
    }
}
