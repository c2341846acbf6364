using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml;
using EsCni.Ec2Sim.Model;
using EsCni.Ec2Sim.Query;

namespace EsCni.Ec2Sim.Actions;

/// <summary>DescribeInstances: the one instance, with its attached ENIs (the VPC CNI reads them to find a free device index).</summary>
internal static class DescribeInstancesAction
{
    public static Action<XmlWriter> Run(Simulator simulator, QueryRequest request)
    {
        Instance instance = simulator.Instance;
        IReadOnlyList<string> ids = request.GetList("InstanceId");
        string? missing = ids.FirstOrDefault(id => id != instance.Id);
        if (missing is not null)
        {
            throw new Ec2Exception("InvalidInstanceID.NotFound", $"The instance ID '{missing}' does not exist");
        }
        bool match = request.GetFilters().All(f => f.Name switch
        {
            "instance-id" => f.Matches(instance.Id),
            "instance-type" => f.Matches(instance.InstanceType),
            "availability-zone" => f.Matches(instance.AvailabilityZone),
            "vpc-id" => f.Matches(simulator.Vpc.Id),
            "instance-state-name" => f.Matches("running"),
            _ when f.Name.StartsWith("tag:", StringComparison.Ordinal) => instance.Tags.TryGetValue(f.Name[4..], out string? v) && f.Matches(v),
            _ => throw Ec2Exception.Invalid($"The filter '{f.Name}' is invalid (the simulator supports instance-id, instance-type, availability-zone, vpc-id, instance-state-name, tag:KEY)."),
        });
        List<Eni> enis = simulator.Enis.Values
            .Where(e => e.Attachment?.InstanceId == instance.Id)
            .OrderBy(e => e.Attachment!.DeviceIndex)
            .ToList();
        Eni primary = enis.First(e => e.Id == instance.PrimaryEniId);
        string owner = simulator.Vpc.OwnerId;
        return xml =>
        {
            xml.Start("reservationSet");
            if (match)
            {
                xml.Start("item");
                xml.Element("reservationId", "r-" + instance.Id[2..]);
                xml.Element("ownerId", owner);
                xml.Start("groupSet");
                xml.WriteEndElement();
                xml.Start("instancesSet");
                xml.Start("item");
                xml.Element("instanceId", instance.Id);
                xml.Element("imageId", instance.ImageId);
                xml.Start("instanceState");
                xml.Element("code", 16);
                xml.Element("name", "running");
                xml.WriteEndElement();
                xml.Element("privateDnsName", EniXml.DnsName(primary.PrimaryIp));
                xml.Element("dnsName", "");
                xml.Element("amiLaunchIndex", 0);
                xml.Element("instanceType", instance.InstanceType);
                xml.Element("launchTime", instance.LaunchTime);
                xml.Start("placement");
                xml.Element("availabilityZone", instance.AvailabilityZone);
                xml.Element("tenancy", "default");
                xml.WriteEndElement();
                xml.Element("subnetId", instance.SubnetId);
                xml.Element("vpcId", simulator.Vpc.Id);
                xml.Element("privateIpAddress", primary.PrimaryIp);
                xml.Element("sourceDestCheck", primary.SourceDestCheck);
                EniXml.WriteGroups(xml, instance.SecurityGroups);
                xml.Element("architecture", "x86_64");
                xml.Element("rootDeviceType", "ebs");
                xml.Element("rootDeviceName", "/dev/xvda");
                xml.Element("virtualizationType", "hvm");
                xml.Element("hypervisor", "xen");
                EniXml.WriteTags(xml, instance.Tags);
                xml.Start("networkInterfaceSet");
                foreach (Eni eni in enis)
                {
                    EniXml.WriteNetworkInterface(xml, "item", eni, owner);
                }
                xml.WriteEndElement();
                xml.Start("iamInstanceProfile");
                xml.Element("arn", $"arn:aws:iam::{owner}:instance-profile/{instance.IamRole}");
                xml.Element("id", "AIPASIM0000000000001");
                xml.WriteEndElement();
                xml.Element("ebsOptimized", false);
                xml.WriteEndElement();
                xml.WriteEndElement();
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        };
    }
}
