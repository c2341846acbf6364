using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Xml;

namespace EsCni.Ec2Sim.Query;

/// <summary>Writes EC2 Query-protocol XML: the &lt;ActionResponse&gt; envelope with requestId, and EC2's error document.</summary>
public static class Ec2Xml
{
    /// <summary>The EC2 API namespace of version 2016-11-15 (the one every current SDK speaks).</summary>
    public const string Namespace = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private static readonly XmlWriterSettings s_settings = new()
    {
        Encoding = new UTF8Encoding(false),
        Indent = false,
        OmitXmlDeclaration = false,
    };

    /// <summary>Builds &lt;{action}Response xmlns=…&gt;&lt;requestId/&gt;{body}&lt;/…&gt;.</summary>
    public static byte[] Response(string action, string requestId, Action<XmlWriter> body)
    {
        using var stream = new MemoryStream();
        using (XmlWriter xml = XmlWriter.Create(stream, s_settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement(action + "Response", Namespace);
            xml.WriteElementString("requestId", Namespace, requestId);
            body(xml);
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
        return stream.ToArray();
    }

    /// <summary>Builds EC2's error document (no namespace, RequestID in upper case, exactly as EC2 sends it).</summary>
    public static byte[] Error(string code, string message, string requestId)
    {
        using var stream = new MemoryStream();
        using (XmlWriter xml = XmlWriter.Create(stream, s_settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("Response");
            xml.WriteStartElement("Errors");
            xml.WriteStartElement("Error");
            xml.WriteElementString("Code", code);
            xml.WriteElementString("Message", message);
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteElementString("RequestID", requestId);
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
        return stream.ToArray();
    }

    /// <summary>Writes &lt;name&gt;value&lt;/name&gt; in the EC2 namespace.</summary>
    public static void Element(this XmlWriter xml, string name, string? value) =>
        xml.WriteElementString(name, Namespace, value ?? "");

    /// <summary>Writes an integer element.</summary>
    public static void Element(this XmlWriter xml, string name, int value) =>
        xml.WriteElementString(name, Namespace, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Writes a boolean element as EC2 does (true/false).</summary>
    public static void Element(this XmlWriter xml, string name, bool value) =>
        xml.WriteElementString(name, Namespace, value ? "true" : "false");

    /// <summary>Writes a timestamp element in EC2's ISO 8601 UTC form.</summary>
    public static void Element(this XmlWriter xml, string name, DateTimeOffset value) =>
        xml.WriteElementString(name, Namespace, value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    /// <summary>Opens an element in the EC2 namespace.</summary>
    public static void Start(this XmlWriter xml, string name) => xml.WriteStartElement(name, Namespace);
}
