using System;
using System.Xml;
using EsCni.Ec2Sim.Query;

namespace EsCni.Ec2Sim.Actions;

/// <summary>DeleteNetworkInterface: refused while attached.</summary>
internal static class DeleteNetworkInterfaceAction
{
    public static Action<XmlWriter> Run(Simulator simulator, QueryRequest request)
    {
        simulator.DeleteNetworkInterface(request.GetRequiredString("NetworkInterfaceId"));
        return ReturnTrue.Write;
    }
}
