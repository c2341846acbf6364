using System;
using System.Xml;
using EsCni.Ec2Sim.Model;
using EsCni.Ec2Sim.Query;

namespace EsCni.Ec2Sim.Actions;

/// <summary>AttachNetworkInterface and DetachNetworkInterface.</summary>
internal static class AttachmentActions
{
    public static Action<XmlWriter> Attach(Simulator simulator, QueryRequest request)
    {
        string eniId = request.GetRequiredString("NetworkInterfaceId");
        string instanceId = request.GetRequiredString("InstanceId");
        int deviceIndex = request.GetInt("DeviceIndex") ?? throw Ec2Exception.Missing("DeviceIndex");
        int card = request.GetInt("NetworkCardIndex") ?? 0;
        EniAttachment attachment = simulator.AttachNetworkInterface(eniId, instanceId, deviceIndex, card);
        return xml =>
        {
            xml.Element("attachmentId", attachment.AttachmentId);
            xml.Element("networkCardIndex", attachment.NetworkCardIndex);
        };
    }

    public static Action<XmlWriter> Detach(Simulator simulator, QueryRequest request)
    {
        simulator.DetachNetworkInterface(request.GetRequiredString("AttachmentId"));
        return ReturnTrue.Write;
    }
}
