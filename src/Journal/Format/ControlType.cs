namespace EsCni.Journal.Format;

/// <summary>Type ids of control frames (frames with <see cref="FrameFlags.Control"/>); event types live in another space.</summary>
internal static class ControlType
{
    /// <summary>Last frame of a full segment; payload = u64 last event LSN, u64 event count of the segment.</summary>
    public const ushort Seal = 1;

    /// <summary>Payload bytes of a Seal frame.</summary>
    public const int SealPayloadBytes = 16;
}
