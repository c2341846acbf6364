using System.Buffers.Binary;

namespace EsCni.Journal.Format;

/// <summary>Encodes and verifies snapshot files: a 56-byte header followed by the opaque blob.</summary>
/// <remarks>
/// <code>
///  0         8     10    12           16                 32     40           48          52     56
///  +---------+-----+-----+------------+------------------+------+------------+-----------+------+------+
///  | magic   | ver |flags| blob bytes | incarnation Guid | LSN  | created µs | blob crc  | hcrc | blob |
///  +---------+-----+-----+------------+------------------+------+------------+-----------+------+------+
///  hcrc = CRC-32C of bytes 0 .. 52; blob crc = CRC-32C of the blob
/// </code>
/// </remarks>
internal static class SnapshotCodec
{
    /// <summary>Bytes before the blob.</summary>
    public const int HeaderBytes = 56;

    /// <summary>"ESCNISNP" as a little-endian u64.</summary>
    public const ulong Magic = 0x504E53494E435345UL;

    /// <summary>Snapshot file format version.</summary>
    public const ushort Version = 1;

    /// <summary>Builds the complete file contents.</summary>
    public static byte[] Encode(Guid incarnation, long lsn, long createdMicros, ReadOnlySpan<byte> blob)
    {
        byte[] file = new byte[HeaderBytes + blob.Length];
        Span<byte> h = file;
        BinaryPrimitives.WriteUInt64LittleEndian(h, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(h[8..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(h[12..], (uint)blob.Length);
        incarnation.TryWriteBytes(h[16..32]);
        BinaryPrimitives.WriteInt64LittleEndian(h[32..], lsn);
        BinaryPrimitives.WriteInt64LittleEndian(h[40..], createdMicros);
        BinaryPrimitives.WriteUInt32LittleEndian(h[48..], Crc32C.Compute(blob));
        BinaryPrimitives.WriteUInt32LittleEndian(h[52..], Crc32C.Compute(h[..52]));
        blob.CopyTo(h[HeaderBytes..]);
        return file;
    }

    /// <summary>Verifies a whole snapshot file; <paramref name="reason"/> names the first problem.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> file, out Guid incarnation, out long lsn, out long createdMicros, out string reason)
    {
        incarnation = Guid.Empty;
        lsn = 0;
        createdMicros = 0;
        if (file.Length < HeaderBytes)
        {
            reason = $"the file is {file.Length} bytes, shorter than the {HeaderBytes}-byte snapshot header";
            return false;
        }

        if (BinaryPrimitives.ReadUInt64LittleEndian(file) != Magic || Crc32C.Compute(file[..52]) != BinaryPrimitives.ReadUInt32LittleEndian(file[52..]))
        {
            reason = "the snapshot header magic or CRC does not match";
            return false;
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(file[8..]);
        if (version != Version)
        {
            reason = $"snapshot format version {version} is not supported";
            return false;
        }

        uint length = BinaryPrimitives.ReadUInt32LittleEndian(file[12..]);
        if (file.Length - HeaderBytes != length)
        {
            reason = $"the header says {length} blob bytes but the file holds {file.Length - HeaderBytes}";
            return false;
        }

        if (Crc32C.Compute(file[HeaderBytes..]) != BinaryPrimitives.ReadUInt32LittleEndian(file[48..]))
        {
            reason = "the snapshot blob CRC does not match";
            return false;
        }

        incarnation = new Guid(file[16..32]);
        lsn = BinaryPrimitives.ReadInt64LittleEndian(file[32..]);
        createdMicros = BinaryPrimitives.ReadInt64LittleEndian(file[40..]);
        reason = string.Empty;
        return true;
    }
}
