namespace EsCni.Journal.Reading;

/// <summary>
/// Random access into one segment: reads the frames at given offsets, each verified on its own (length, salt, CRC,
/// an event frame, the expected LSN) — so a wrong or stale index can make a lookup slower, never wrong.
/// </summary>
internal static class FrameFetcher
{
    /// <summary>Bytes read per frame at first; a longer frame costs a second read.</summary>
    private const int FirstReadBytes = 512;

    /// <summary>Hands each frame to <paramref name="onRecord"/> in the order given; false at the first one that does not verify.</summary>
    public static bool TryRead(IJournalFileSystem fs, JournalSegment segment, IReadOnlyList<FrameLocation> frames, Action<JournalRecord> onRecord)
    {
        using IJournalFile file = fs.Open(segment.Path, writable: false);
        byte[] buffer = new byte[FirstReadBytes];
        foreach (FrameLocation at in frames)
        {
            if (at.Offset + FrameCodec.HeaderBytes > segment.EndOffset)
            {
                return false;
            }

            int read = file.Read(at.Offset, buffer.AsSpan(0, (int)Math.Min(buffer.Length, segment.EndOffset - at.Offset)));
            if (read < FrameCodec.HeaderBytes)
            {
                return false;
            }

            long length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(buffer);
            int frameBytes = FrameCodec.HeaderBytes + (int)Math.Min(length, FrameCodec.MaxPayloadBytes + 1L);
            if (length > FrameCodec.MaxPayloadBytes || at.Offset + frameBytes > segment.EndOffset)
            {
                return false;
            }

            if (frameBytes > read)
            {
                buffer = new byte[Math.Max(frameBytes, buffer.Length)];
                read = file.Read(at.Offset, buffer.AsSpan(0, frameBytes));
            }

            if (read < frameBytes || FrameCodec.TryDecode(buffer.AsSpan(0, frameBytes), segment.Salt, out FrameHeader h) != FrameStatus.Valid
                || h.IsControl || h.Lsn != at.Lsn)
            {
                return false;
            }

            onRecord(new JournalRecord(h.Lsn, h.EventId, h.Type, h.TimestampMicros, buffer.AsMemory(FrameCodec.HeaderBytes, h.PayloadLength)));
        }

        return true;
    }
}
