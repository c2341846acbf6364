using System.Xml;
using EsCni.Ec2Sim.Query;

namespace EsCni.Ec2Sim.Actions;

/// <summary>The body of actions that answer only &lt;return&gt;true&lt;/return&gt; (Detach, Delete, Unassign, Modify, CreateTags).</summary>
internal static class ReturnTrue
{
    public static void Write(XmlWriter xml) => xml.Element("return", true);
}
