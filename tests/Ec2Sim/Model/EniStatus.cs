using System.Text.Json.Serialization;

namespace EsCni.Ec2Sim.Model;

/// <summary>The ENI states EC2 reports in DescribeNetworkInterfaces.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EniStatus>))]
public enum EniStatus
{
    /// <summary>Not attached; may be attached or deleted.</summary>
    [JsonStringEnumMemberName("available")]
    Available,

    /// <summary>Attach requested, not finished (lasts attachDelayMs).</summary>
    [JsonStringEnumMemberName("attaching")]
    Attaching,

    /// <summary>Attached to an instance.</summary>
    [JsonStringEnumMemberName("in-use")]
    InUse,

    /// <summary>Detach requested, not finished.</summary>
    [JsonStringEnumMemberName("detaching")]
    Detaching,
}

/// <summary>EC2 wire names of <see cref="EniStatus"/>.</summary>
public static class EniStatusNames
{
    /// <summary>The name EC2 uses on the wire, e.g. "in-use".</summary>
    public static string ToWire(this EniStatus status) => status switch
    {
        EniStatus.Available => "available",
        EniStatus.Attaching => "attaching",
        EniStatus.InUse => "in-use",
        _ => "detaching",
    };
}
