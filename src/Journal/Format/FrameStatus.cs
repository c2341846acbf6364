namespace EsCni.Journal.Format;

/// <summary>What <see cref="FrameCodec.TryDecode"/> found at an offset.</summary>
internal enum FrameStatus
{
    /// <summary>A complete frame whose salt and CRC match.</summary>
    Valid,

    /// <summary>A zero header: the end of written data in a zero-filled segment.</summary>
    Zero,

    /// <summary>The length word points past the end of the available bytes.</summary>
    Truncated,

    /// <summary>Bad length, salt or CRC.</summary>
    Invalid,
}
