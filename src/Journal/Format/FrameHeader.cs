namespace EsCni.Journal.Format;

/// <summary>The decoded header of one frame (see <see cref="FrameCodec"/> for the byte layout).</summary>
internal readonly record struct FrameHeader(
    long Lsn, uint Salt, ushort Type, FrameFlags Flags, long TimestampMicros, Guid EventId, int PayloadLength)
{
    /// <summary>True for journal-internal frames (Seal) that carry no event and take no LSN of their own.</summary>
    public bool IsControl => (Flags & FrameFlags.Control) != 0;

    /// <summary>Bytes the frame occupies on disk.</summary>
    public int FrameBytes => FrameCodec.FrameBytes(PayloadLength);
}
