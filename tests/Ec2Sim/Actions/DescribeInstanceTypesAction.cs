using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml;
using EsCni.Ec2Sim.Model;
using EsCni.Ec2Sim.Query;

namespace EsCni.Ec2Sim.Actions;

/// <summary>DescribeInstanceTypes: the NetworkInfo the VPC CNI reads (ENIs, IPv4/IPv6 per ENI) plus enough else to look real.</summary>
internal static class DescribeInstanceTypesAction
{
    public static Action<XmlWriter> Run(Simulator simulator, QueryRequest request)
    {
        IReadOnlyList<string> names = request.GetList("InstanceType");
        var unknown = names.Where(n => !InstanceTypes.TryGet(n, out _)).ToList();
        if (unknown.Count > 0)
        {
            throw new Ec2Exception("InvalidInstanceType",
                $"The following supplied instance types do not exist: [{string.Join(", ", unknown)}]");
        }
        List<InstanceTypeLimits> types = names.Count == 0
            ? InstanceTypes.All.ToList()
            : names.Select(n => InstanceTypes.TryGet(n, out InstanceTypeLimits? t) ? t : null!).ToList();
        return xml =>
        {
            xml.Start("instanceTypeSet");
            foreach (InstanceTypeLimits t in types)
            {
                xml.Start("item");
                xml.Element("instanceType", t.Name);
                xml.Element("currentGeneration", true);
                xml.Element("bareMetal", false);
                xml.Element("hypervisor", "nitro");
                xml.Start("processorInfo");
                xml.Start("supportedArchitectures");
                xml.Element("item", "x86_64");
                xml.WriteEndElement();
                xml.WriteEndElement();
                xml.Start("vCpuInfo");
                xml.Element("defaultVCpus", t.DefaultVCpus);
                xml.WriteEndElement();
                xml.Start("memoryInfo");
                xml.Element("sizeInMiB", t.MemoryMiB);
                xml.WriteEndElement();
                xml.Start("networkInfo");
                xml.Element("networkPerformance", t.NetworkPerformance);
                xml.Element("maximumNetworkInterfaces", t.MaxNetworkInterfaces);
                xml.Element("maximumNetworkCards", 1);
                xml.Element("defaultNetworkCardIndex", 0);
                xml.Start("networkCards");
                xml.Start("item");
                xml.Element("networkCardIndex", 0);
                xml.Element("networkPerformance", t.NetworkPerformance);
                xml.Element("maximumNetworkInterfaces", t.MaxNetworkInterfaces);
                xml.WriteEndElement();
                xml.WriteEndElement();
                xml.Element("ipv4AddressesPerInterface", t.Ipv4AddressesPerInterface);
                xml.Element("ipv6AddressesPerInterface", t.Ipv6AddressesPerInterface);
                xml.Element("ipv6Supported", true);
                xml.Element("enaSupport", "required");
                xml.Element("efaSupported", false);
                xml.Element("encryptionInTransitSupported", false);
                xml.WriteEndElement();
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        };
    }
}
