using EsCni.Domain.Codec.Legacy;

namespace EsCni.Domain.Codec.Upcasting;

/// <summary>Reads payloads written in an older schema version of a type as today's event (an upcast).</summary>
/// <remarks>
/// Like Marten's <c>Upcast&lt;TOld, TNew&gt;</c> and Kubernetes' conversions between served API versions: old bytes are
/// never rewritten, they are read in their own shape and turned into the current record at read time. Version 1 of
/// every type is the 0.1 positional layout (<see cref="PositionalCodecV1"/>), the first upcast. When a type's meaning
/// changes, its current message is kept as <c>&lt;Type&gt;V&lt;n&gt;</c>, its version in <see cref="EventSchemas"/> goes
/// up, and a case here parses the old message and builds today's record, saying in a comment what the old values meant.
/// </remarks>
internal static class EventUpcasters
{
    /// <summary>Decodes <paramref name="payload"/> (its version varint included) of an older <paramref name="version"/>.</summary>
    public static DecodeResult Upcast(ushort typeId, int version, ReadOnlySpan<byte> payload) => version switch
    {
        PositionalCodecV1.Version => PositionalCodecV1.Decode(typeId, payload),
        _ => new DecodeResult(DecodeStatus.Malformed, null, string.Create(CultureInfo.InvariantCulture,
            $"event type {typeId} ({EventSchemas.NameOf(typeId)}) has schema version {version}, which no release writes")),
    };
}
