using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EsCni.Plugin.Cni;

/// <summary>Source-generated (reflection-free, NativeAOT-safe) serializers for everything on stdin/stdout.</summary>
/// <remarks>
/// The spec's keys are camelCase, so a property is named by the policy; [JsonPropertyName] only where the spec's
/// key is not its name in camelCase (msg, dst, gw, containerID, ifname, cni.dev/...).
/// </remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(NetConf))]
[JsonSerializable(typeof(CniResult))]
[JsonSerializable(typeof(CniError))]
[JsonSerializable(typeof(CniVersionResult))]
internal sealed partial class CniJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The writer's context: messages quote paths and values, and the default encoder would print every
    /// quote and angle bracket as \u0022-style escapes that nobody reading a kubelet event can parse by eye.
    /// Our output is consumed by libcni's JSON decoder, never embedded in HTML, so relaxed escaping is safe.
    /// </summary>
    public static CniJsonContext Output { get; } = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
