using System.Buffers.Binary;

namespace EsCni.Journal.Format;

/// <summary>Encodes and decodes journal frames; see README.md for the layout.</summary>
/// <remarks>
/// <code>
///  0      4      8              16     20   22    24             32                    48
///  +------+------+--------------+------+----+-----+--------------+---------------------+---------+-----+
///  | len  | crc  | lsn          | salt |type|flags| timestamp µs | event id (Guid)     | payload | pad |
///  | u32  | u32  | u64          | u32  |u16 | u16 | i64          | 16 bytes            | len     | →8  |
///  +------+------+--------------+------+----+-----+--------------+---------------------+---------+-----+
///  crc = CRC-32C over bytes 8 .. 48+len (everything after the crc field, padding excluded)
/// </code>
/// The payload is opaque here; an EsCni event payload starts with its schema version (a varint: 1 = the 0.1 positional
/// layout, 2+ = protobuf), so the bytes say how they are encoded (docs/journal-format.md §8, Domain's EventCodec).
/// All integers are little-endian. A frame never starts with 48 zero bytes (the salt is never zero), so a
/// zero header marks the end of written data in a zero-filled segment.
/// </remarks>
internal static class FrameCodec
{
    /// <summary>Bytes before the payload; the EventId sits in the header so idempotency needs no payload parsing.</summary>
    public const int HeaderBytes = 48;

    /// <summary>Frames start on 8-byte boundaries so a forward probe only tests every eighth offset.</summary>
    public const int Alignment = 8;

    /// <summary>Largest payload a frame may carry; a bigger length word is treated as damage, never trusted.</summary>
    public const int MaxPayloadBytes = 1 << 20;

    /// <summary>Offset of the first byte covered by the CRC.</summary>
    private const int CrcStart = 8;

    /// <summary>Bytes a frame with <paramref name="payloadBytes"/> of payload occupies on disk, padding included.</summary>
    public static int FrameBytes(int payloadBytes) => (HeaderBytes + payloadBytes + Alignment - 1) & ~(Alignment - 1);

    /// <summary>Writes one frame at the start of <paramref name="destination"/> and returns its on-disk size.</summary>
    public static int Encode(Span<byte> destination, in FrameHeader header, ReadOnlySpan<byte> payload)
    {
        int total = FrameBytes(payload.Length);
        Span<byte> frame = destination[..total];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)payload.Length);
        BinaryPrimitives.WriteInt64LittleEndian(frame[8..], header.Lsn);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[16..], header.Salt);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[20..], header.Type);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[22..], (ushort)header.Flags);
        BinaryPrimitives.WriteInt64LittleEndian(frame[24..], header.TimestampMicros);
        header.EventId.TryWriteBytes(frame[32..48]);
        payload.CopyTo(frame[HeaderBytes..]);
        frame[(HeaderBytes + payload.Length)..].Clear();
        uint crc = Crc32C.Compute(frame[CrcStart..(HeaderBytes + payload.Length)]);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], crc);
        return total;
    }

    /// <summary>
    /// Decodes the frame at the start of <paramref name="source"/>. Only <see cref="FrameStatus.Valid"/> frames fill
    /// <paramref name="header"/>; salt must match because bytes from another segment or incarnation are not ours.
    /// </summary>
    public static FrameStatus TryDecode(ReadOnlySpan<byte> source, uint salt, out FrameHeader header)
    {
        header = default;
        if (source.Length < HeaderBytes)
        {
            return source.ContainsAnyExcept((byte)0) ? FrameStatus.Truncated : FrameStatus.Zero;
        }

        uint length = BinaryPrimitives.ReadUInt32LittleEndian(source);
        if (length == 0 && !source[..HeaderBytes].ContainsAnyExcept((byte)0))
        {
            return FrameStatus.Zero;
        }

        if (length > MaxPayloadBytes)
        {
            return FrameStatus.Invalid;
        }

        if (HeaderBytes + (int)length > source.Length)
        {
            return FrameStatus.Truncated;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(source[16..]) != salt)
        {
            return FrameStatus.Invalid;
        }

        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]);
        if (Crc32C.Compute(source[CrcStart..(HeaderBytes + (int)length)]) != stored)
        {
            return FrameStatus.Invalid;
        }

        header = ReadHeaderUnchecked(source);
        return FrameStatus.Valid;
    }

    /// <summary>Reads header fields without checking anything; callers have verified the frame.</summary>
    public static FrameHeader ReadHeaderUnchecked(ReadOnlySpan<byte> source) => new(
        Lsn: BinaryPrimitives.ReadInt64LittleEndian(source[8..]),
        Salt: BinaryPrimitives.ReadUInt32LittleEndian(source[16..]),
        Type: BinaryPrimitives.ReadUInt16LittleEndian(source[20..]),
        Flags: (FrameFlags)BinaryPrimitives.ReadUInt16LittleEndian(source[22..]),
        TimestampMicros: BinaryPrimitives.ReadInt64LittleEndian(source[24..]),
        EventId: new Guid(source[32..48]),
        PayloadLength: (int)BinaryPrimitives.ReadUInt32LittleEndian(source));

    /// <summary>Sets extra flag bits on an encoded frame and recomputes its CRC (used to mark the last frame of a write).</summary>
    public static void AddFlags(Span<byte> frame, FrameFlags flags)
    {
        ushort current = BinaryPrimitives.ReadUInt16LittleEndian(frame[22..]);
        BinaryPrimitives.WriteUInt16LittleEndian(frame[22..], (ushort)(current | (ushort)flags));
        int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(frame);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], Crc32C.Compute(frame[CrcStart..(HeaderBytes + length)]));
    }
}
