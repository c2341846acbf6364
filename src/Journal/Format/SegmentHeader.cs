using System.Buffers.Binary;

namespace EsCni.Journal.Format;

/// <summary>The 64-byte header at offset 0 of every segment file; see README.md for the layout.</summary>
/// <remarks>
/// <code>
///  0         8     10    12     16                 32         40           48          52          60     64
///  +---------+-----+-----+------+------------------+----------+------------+-----------+-----------+------+
///  | magic   | ver |flags| salt | incarnation Guid | base LSN | created µs | max write | reserved 0| crc  |
///  +---------+-----+-----+------+------------------+----------+------------+-----------+-----------+------+
///  crc = CRC-32C of bytes 0 .. 60
/// </code>
/// </remarks>
/// <param name="Salt">Random, never zero; every frame repeats it so bytes from another segment cannot pass as ours.</param>
/// <param name="Incarnation">Random id of the journal, fixed at creation; all segments must agree.</param>
/// <param name="BaseLsn">LSN of the first event frame in the segment (the file name repeats it).</param>
/// <param name="CreatedMicros">Unix microseconds at creation, for operators only.</param>
/// <param name="MaxWriteBytes">Largest single write the writer makes (MaxBatchBytes): the torn-tail window recovery allows.</param>
internal readonly record struct SegmentHeader(uint Salt, Guid Incarnation, long BaseLsn, long CreatedMicros, int MaxWriteBytes)
{
    /// <summary>Size of the header; the first frame starts here.</summary>
    public const int Bytes = 64;

    /// <summary>Format version written and accepted; a different one is refused rather than guessed at.</summary>
    public const ushort Version = 1;

    /// <summary>"ESCNIJNL" as a little-endian u64, so a segment is recognisable in a hex dump.</summary>
    public const ulong Magic = 0x4C4E4A494E435345UL;

    private const int CrcOffset = 60;

    /// <summary>Writes the header into the first <see cref="Bytes"/> of <paramref name="destination"/>.</summary>
    public void Encode(Span<byte> destination)
    {
        Span<byte> h = destination[..Bytes];
        h.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(h, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(h[8..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(h[12..], Salt);
        Incarnation.TryWriteBytes(h[16..32]);
        BinaryPrimitives.WriteInt64LittleEndian(h[32..], BaseLsn);
        BinaryPrimitives.WriteInt64LittleEndian(h[40..], CreatedMicros);
        BinaryPrimitives.WriteInt32LittleEndian(h[48..], MaxWriteBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(h[CrcOffset..], Crc32C.Compute(h[..CrcOffset]));
    }

    /// <summary>Decodes and verifies a header; <paramref name="reason"/> says what is wrong when it returns false.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> source, out SegmentHeader header, out string reason)
    {
        header = default;
        if (source.Length < Bytes)
        {
            reason = $"the file is {source.Length} bytes, shorter than the {Bytes}-byte segment header";
            return false;
        }

        if (BinaryPrimitives.ReadUInt64LittleEndian(source) != Magic)
        {
            reason = "the segment header magic is not ESCNIJNL";
            return false;
        }

        if (Crc32C.Compute(source[..CrcOffset]) != BinaryPrimitives.ReadUInt32LittleEndian(source[CrcOffset..]))
        {
            reason = "the segment header CRC does not match";
            return false;
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(source[8..]);
        if (version != Version)
        {
            reason = $"segment format version {version} is not supported (this build reads version {Version})";
            return false;
        }

        header = new SegmentHeader(
            Salt: BinaryPrimitives.ReadUInt32LittleEndian(source[12..]),
            Incarnation: new Guid(source[16..32]),
            BaseLsn: BinaryPrimitives.ReadInt64LittleEndian(source[32..]),
            CreatedMicros: BinaryPrimitives.ReadInt64LittleEndian(source[40..]),
            MaxWriteBytes: BinaryPrimitives.ReadInt32LittleEndian(source[48..]));
        if (header.Salt == 0)
        {
            reason = "the segment salt is zero, which the writer never produces";
            return false;
        }

        if (header.MaxWriteBytes < FrameCodec.FrameBytes(0) || header.MaxWriteBytes > FrameCodec.MaxPayloadBytes + FrameCodec.HeaderBytes)
        {
            reason = $"the segment header's max write size {header.MaxWriteBytes} is out of range";
            return false;
        }

        reason = string.Empty;
        return true;
    }
}
