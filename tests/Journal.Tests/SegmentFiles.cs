using System;
using System.IO;
using System.Linq;
using EsCni.Journal.Format;

namespace EsCni.Journal.Tests;

/// <summary>Finds frames in real segment files and damages them in place, for tests of what survives.</summary>
internal static class SegmentFiles
{
    /// <summary>The segment files of <paramref name="directory"/> in LSN order.</summary>
    public static string[] List(string directory) => Directory.GetFiles(directory, "*.seg").Order(StringComparer.Ordinal).ToArray();

    public static uint SaltOf(string segment)
    {
        Assert.True(SegmentHeader.TryDecode(File.ReadAllBytes(segment), out SegmentHeader header, out _));
        return header.Salt;
    }

    /// <summary>Offset of the frame holding <paramref name="lsn"/>, or of the first frame after the last event (the Seal, or the end of data).</summary>
    public static long FrameOffset(string segment, long lsn)
    {
        byte[] bytes = File.ReadAllBytes(segment);
        uint salt = SaltOf(segment);
        int offset = SegmentHeader.Bytes;
        while (FrameCodec.TryDecode(bytes.AsSpan(offset), salt, out FrameHeader h) == FrameStatus.Valid && !h.IsControl && h.Lsn < lsn)
        {
            offset += h.FrameBytes;
        }

        return offset;
    }

    public static long BaseLsnOf(string segment)
    {
        Assert.True(SegmentHeader.TryDecode(File.ReadAllBytes(segment), out SegmentHeader header, out _));
        return header.BaseLsn;
    }

    /// <summary>LSN of the last event frame before the Seal or the end of data.</summary>
    public static long LastEventLsn(string segment)
    {
        byte[] bytes = File.ReadAllBytes(segment);
        uint salt = SaltOf(segment);
        int offset = SegmentHeader.Bytes;
        long last = BaseLsnOf(segment) - 1;
        while (FrameCodec.TryDecode(bytes.AsSpan(offset), salt, out FrameHeader h) == FrameStatus.Valid && !h.IsControl)
        {
            last = h.Lsn;
            offset += h.FrameBytes;
        }

        return last;
    }

    /// <summary>Flips one bit of the byte at <paramref name="offset"/>.</summary>
    public static void FlipBit(string path, long offset)
    {
        byte[] bytes = File.ReadAllBytes(path);
        bytes[offset] ^= 0x04;
        File.WriteAllBytes(path, bytes);
    }
}
