using System.Text.Json.Serialization;

namespace EsCni.Ec2Sim.Faults;

/// <summary>How the simulator loses a response after applying the change.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LostResponseMode>))]
public enum LostResponseMode
{
    /// <summary>Abort the connection: the client sees a reset at once.</summary>
    [JsonStringEnumMemberName("abort")]
    Abort,

    /// <summary>Hold the response past the client's timeout, then send it.</summary>
    [JsonStringEnumMemberName("delay")]
    Delay,
}
