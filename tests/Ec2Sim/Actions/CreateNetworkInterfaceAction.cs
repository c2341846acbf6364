using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml;
using EsCni.Ec2Sim.Model;
using EsCni.Ec2Sim.Query;

namespace EsCni.Ec2Sim.Actions;

/// <summary>CreateNetworkInterface, idempotent by ClientToken: the call a lost response makes dangerous.</summary>
internal static class CreateNetworkInterfaceAction
{
    public static Action<XmlWriter> Run(Simulator simulator, QueryRequest request)
    {
        string subnetId = request.GetRequiredString("SubnetId");
        var tags = new List<KeyValuePair<string, string>>();
        foreach (int i in request.GetIndices("TagSpecification"))
        {
            string type = request.GetString($"TagSpecification.{i}.ResourceType") ?? "network-interface";
            if (type != "network-interface")
            {
                throw Ec2Exception.Invalid($"TagSpecification.{i}.ResourceType is '{type}'; CreateNetworkInterface tags only 'network-interface'.");
            }
            tags.AddRange(request.GetTags($"TagSpecification.{i}.Tag"));
        }
        // PrivateIpAddresses.N.{PrivateIpAddress,Primary} is the list form; PrivateIpAddress the single primary.
        string? primary = request.GetString("PrivateIpAddress");
        var secondaries = new List<string>();
        foreach (int i in request.GetIndices("PrivateIpAddresses"))
        {
            string address = request.GetRequiredString($"PrivateIpAddresses.{i}.PrivateIpAddress");
            if (request.GetBool($"PrivateIpAddresses.{i}.Primary") == true && primary is null)
            {
                primary = address;
            }
            else if (address != primary)
            {
                secondaries.Add(address);
            }
        }
        var prefixes = request.GetList("Ipv4Prefix", "Ipv4Prefix").ToList();
        string? token = request.GetString("ClientToken");
        string fingerprint = string.Join("&", request.Parameters
            .Where(p => p.Key is not ("ClientToken" or "Action" or "Version"))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value));
        var create = new CreateEniRequest(
            subnetId,
            request.GetString("Description") ?? "",
            request.GetList("SecurityGroupId"),
            primary,
            secondaries,
            request.GetInt("SecondaryPrivateIpAddressCount") ?? 0,
            prefixes,
            request.GetInt("Ipv4PrefixCount") ?? 0,
            tags,
            token,
            fingerprint);
        (Eni eni, _) = simulator.CreateNetworkInterface(create);
        string owner = simulator.Vpc.OwnerId;
        return xml =>
        {
            EniXml.WriteNetworkInterface(xml, "networkInterface", eni, owner);
            if (token is not null)
            {
                xml.Element("clientToken", token);
            }
        };
    }
}
