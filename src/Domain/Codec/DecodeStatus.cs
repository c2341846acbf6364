namespace EsCni.Domain.Codec;

/// <summary>How decoding a payload went.</summary>
public enum DecodeStatus : byte
{
    /// <summary>The event was decoded.</summary>
    Ok = 0,

    /// <summary>The type id is not one this build knows (a newer build wrote it).</summary>
    UnknownType = 1,

    /// <summary>The type is known but its schema version is not (a newer build wrote it).</summary>
    UnknownVersion = 2,

    /// <summary>The payload is truncated, has trailing bytes, or holds an impossible value.</summary>
    Malformed = 3,
}
