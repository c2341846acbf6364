using System;
using System.Xml;
using EsCni.Ec2Sim.Query;

namespace EsCni.Ec2Sim.Actions;

/// <summary>ModifyNetworkInterfaceAttribute: DeleteOnTermination (after attach), security groups, description, source/dest check.</summary>
internal static class ModifyNetworkInterfaceAttributeAction
{
    public static Action<XmlWriter> Run(Simulator simulator, QueryRequest request)
    {
        simulator.ModifyNetworkInterfaceAttribute(
            request.GetRequiredString("NetworkInterfaceId"),
            request.GetString("Attachment.AttachmentId"),
            request.GetBool("Attachment.DeleteOnTermination"),
            request.GetList("SecurityGroupId"),
            request.GetString("Description.Value"),
            request.GetBool("SourceDestCheck.Value"));
        return ReturnTrue.Write;
    }
}
