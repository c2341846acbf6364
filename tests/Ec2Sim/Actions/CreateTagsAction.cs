using System;
using System.Collections.Generic;
using System.Xml;
using EsCni.Ec2Sim.Query;

namespace EsCni.Ec2Sim.Actions;

/// <summary>CreateTags on ENIs (the VPC CNI tags leaked ENIs it finds untagged).</summary>
internal static class CreateTagsAction
{
    public static Action<XmlWriter> Run(Simulator simulator, QueryRequest request)
    {
        IReadOnlyList<string> resources = request.GetList("ResourceId");
        IReadOnlyList<KeyValuePair<string, string>> tags = request.GetTags("Tag");
        if (resources.Count == 0)
        {
            throw Ec2Exception.Missing("ResourceId.1");
        }
        if (tags.Count == 0)
        {
            throw Ec2Exception.Missing("Tag.1.Key");
        }
        simulator.CreateTags(resources, tags);
        return ReturnTrue.Write;
    }
}
