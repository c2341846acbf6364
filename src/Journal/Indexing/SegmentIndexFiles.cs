using System.Buffers.Binary;

namespace EsCni.Journal.Indexing;

/// <summary>Encodes and looks up per-segment index files (docs/journal-format.md §10); every byte is checked before it is believed.</summary>
/// <remarks>
/// <code>
///  0        8     10    12      16        24        32                 48     52     56        60     64
///  +--------+-----+-----+-------+---------+---------+------------------+------+------+---------+------+
///  | magic  | ver | 0   | fprint| base LSN| last LSN| incarnation Guid | salt | keys | tableCrc| crc  |
///  +--------+-----+-----+-------+---------+---------+------------------+------+------+---------+------+
///  table: (keys + 1) × 16 bytes { key u32, first posting u32, count u32, postings crc u32 }; entry 0 is the
///         every-key list (key 0), then keys ascending
///  postings: 8 bytes each { frame offset u32, LSN − base LSN u32 }, ascending LSN within a list
///  crc = CRC-32C of bytes 0..60; tableCrc of the table; postings crc of that entry's postings
/// </code>
/// A lookup reads the header, the table and two posting lists — a few kilobytes whatever the segment's size.
/// </remarks>
internal static class SegmentIndexFiles
{
    /// <summary>The sub-directory of the journal directory holding index files.</summary>
    public const string Directory = "index";

    /// <summary>"ESCNIIDX" as a little-endian u64.</summary>
    public const ulong Magic = 0x584449494E435345UL;

    /// <summary>Format version written and accepted.</summary>
    public const ushort Version = 1;
    /// <summary>Bytes of the header.</summary>
    public const int HeaderBytes = 64;
    /// <summary>Bytes of one key-table entry.</summary>
    public const int EntryBytes = 16;
    /// <summary>Bytes of one posting.</summary>
    public const int PostingBytes = 8;

    /// <summary>The file for <paramref name="segment"/>: the every-key list and each key's list, all in LSN order.</summary>
    public static byte[] Encode(JournalSegment segment, uint fingerprint, List<FrameLocation> everyKey, SortedDictionary<uint, List<FrameLocation>> keys)
    {
        int postings = everyKey.Count + keys.Values.Sum(l => l.Count);
        byte[] bytes = new byte[HeaderBytes + ((keys.Count + 1) * EntryBytes) + (postings * PostingBytes)];
        Span<byte> table = bytes.AsSpan(HeaderBytes, (keys.Count + 1) * EntryBytes);
        int next = 0;
        WriteList(bytes, table, 0, 0, everyKey, segment.BaseLsn, keys.Count, ref next);
        int entry = 1;
        foreach ((uint key, List<FrameLocation> list) in keys)
        {
            WriteList(bytes, table, entry++, key, list, segment.BaseLsn, keys.Count, ref next);
        }

        Span<byte> h = bytes.AsSpan(0, HeaderBytes);
        BinaryPrimitives.WriteUInt64LittleEndian(h, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(h[8..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(h[12..], fingerprint);
        BinaryPrimitives.WriteInt64LittleEndian(h[16..], segment.BaseLsn);
        BinaryPrimitives.WriteInt64LittleEndian(h[24..], segment.LastLsn);
        segment.Incarnation.TryWriteBytes(h[32..48]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[48..], segment.Salt);
        BinaryPrimitives.WriteInt32LittleEndian(h[52..], keys.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(h[56..], Crc32C.Compute(table));
        BinaryPrimitives.WriteUInt32LittleEndian(h[60..], Crc32C.Compute(h[..60]));
        return bytes;
    }

    /// <summary>
    /// The frames a lookup of <paramref name="key"/> must read (its list merged with the every-key list, in LSN order),
    /// or null with <paramref name="problem"/> saying why the file cannot be trusted for <paramref name="segment"/>.
    /// </summary>
    public static List<FrameLocation>? TryLookup(IJournalFile file, JournalSegment segment, uint fingerprint, uint key, out string problem)
    {
        if (TryReadTable(file, segment, fingerprint, out problem) is not { } table)
        {
            return null;
        }

        List<FrameLocation> every = [];
        if (!TryReadList(file, table, 0, segment, every, out problem))
        {
            return null;
        }

        int found = Find(table, key);
        List<FrameLocation> own = [];
        if (found > 0 && !TryReadList(file, table, found, segment, own, out problem))
        {
            return null;
        }

        return Merge(every, own);
    }

    /// <summary>What is wrong with the file for <paramref name="segment"/> — header, table and every posting list — or null.</summary>
    public static string? Check(IJournalFile file, JournalSegment segment, uint fingerprint)
    {
        if (TryReadTable(file, segment, fingerprint, out string problem) is not { } table)
        {
            return problem;
        }

        for (int entry = 0; entry < table.Length / EntryBytes; entry++)
        {
            if (!TryReadList(file, table, entry, segment, [], out problem))
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>The key table after checking the header against <paramref name="segment"/> and the table's CRC.</summary>
    private static byte[]? TryReadTable(IJournalFile file, JournalSegment segment, uint fingerprint, out string problem)
    {
        byte[] header = new byte[HeaderBytes];
        if (file.Read(0, header) != HeaderBytes)
        {
            problem = "the file is shorter than its 64-byte header";
            return null;
        }

        if (CheckHeader(header, segment, fingerprint) is { } wrong)
        {
            problem = wrong;
            return null;
        }

        int keyCount = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(52));
        long tableEnd = HeaderBytes + ((keyCount + 1L) * EntryBytes);
        if (keyCount < 0 || tableEnd > file.Length)
        {
            problem = $"its key table ({keyCount} keys) runs past the end of the file";
            return null;
        }

        byte[] table = new byte[tableEnd - HeaderBytes];
        if (file.Read(HeaderBytes, table) != table.Length || Crc32C.Compute(table) != BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(56)))
        {
            problem = "the key table CRC does not match";
            return null;
        }

        problem = string.Empty;
        return table;
    }

    /// <summary>What is wrong with a header for <paramref name="segment"/>, or null when it matches.</summary>
    private static string? CheckHeader(ReadOnlySpan<byte> h, JournalSegment segment, uint fingerprint)
    {
        if (BinaryPrimitives.ReadUInt64LittleEndian(h) != Magic)
        {
            return "the magic is not ESCNIIDX";
        }

        if (Crc32C.Compute(h[..60]) != BinaryPrimitives.ReadUInt32LittleEndian(h[60..]))
        {
            return "the header CRC does not match";
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(h[8..]);
        if (version != Version)
        {
            return $"index format version {version} is not the one this build reads ({Version})";
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(h[12..]) != fingerprint)
        {
            return "it was written by a build that files events differently (its fingerprint differs)";
        }

        long baseLsn = BinaryPrimitives.ReadInt64LittleEndian(h[16..]), lastLsn = BinaryPrimitives.ReadInt64LittleEndian(h[24..]);
        if (baseLsn != segment.BaseLsn || lastLsn != segment.LastLsn || new Guid(h[32..48]) != segment.Incarnation
            || BinaryPrimitives.ReadUInt32LittleEndian(h[48..]) != segment.Salt)
        {
            return $"it describes another segment (LSNs {baseLsn}..{lastLsn}, other salt or incarnation) than the one on disk (LSNs {segment.BaseLsn}..{segment.LastLsn})";
        }

        return null;
    }

    private static void WriteList(byte[] bytes, Span<byte> table, int entry, uint key, List<FrameLocation> list, long baseLsn, int keyCount, ref int next)
    {
        Span<byte> postings = bytes.AsSpan(HeaderBytes + ((keyCount + 1) * EntryBytes) + (next * PostingBytes), list.Count * PostingBytes);
        for (int i = 0; i < list.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(postings[(i * PostingBytes)..], checked((uint)list[i].Offset));
            BinaryPrimitives.WriteUInt32LittleEndian(postings[((i * PostingBytes) + 4)..], checked((uint)(list[i].Lsn - baseLsn)));
        }

        Span<byte> e = table[(entry * EntryBytes)..];
        BinaryPrimitives.WriteUInt32LittleEndian(e, key);
        BinaryPrimitives.WriteInt32LittleEndian(e[4..], next);
        BinaryPrimitives.WriteInt32LittleEndian(e[8..], list.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(e[12..], Crc32C.Compute(postings));
        next += list.Count;
    }

    /// <summary>Reads entry <paramref name="entry"/>'s postings, checking CRC, bounds and order against <paramref name="segment"/>.</summary>
    private static bool TryReadList(IJournalFile file, byte[] table, int entry, JournalSegment segment, List<FrameLocation> into, out string problem)
    {
        ReadOnlySpan<byte> e = table.AsSpan(entry * EntryBytes, EntryBytes);
        long first = BinaryPrimitives.ReadUInt32LittleEndian(e[4..]), count = BinaryPrimitives.ReadUInt32LittleEndian(e[8..]);
        long start = HeaderBytes + table.Length + (first * PostingBytes), length = count * PostingBytes;
        if (start + length > file.Length)
        {
            problem = "a posting list runs past the end of the file";
            return false;
        }

        byte[] postings = new byte[length];
        if (file.Read(start, postings) != length || Crc32C.Compute(postings) != BinaryPrimitives.ReadUInt32LittleEndian(e[12..]))
        {
            problem = "a posting list's CRC does not match";
            return false;
        }

        long previous = segment.BaseLsn - 1;
        for (int i = 0; i < count; i++)
        {
            long offset = BinaryPrimitives.ReadUInt32LittleEndian(postings.AsSpan(i * PostingBytes));
            long lsn = segment.BaseLsn + BinaryPrimitives.ReadUInt32LittleEndian(postings.AsSpan((i * PostingBytes) + 4));
            if (lsn <= previous || lsn > segment.LastLsn || offset < SegmentHeader.Bytes || offset >= segment.EndOffset)
            {
                problem = $"posting {i} (offset {offset}, LSN {lsn}) is out of order or outside the segment";
                return false;
            }

            into.Add(new FrameLocation(offset, lsn));
            previous = lsn;
        }

        problem = string.Empty;
        return true;
    }

    /// <summary>The table entry of <paramref name="key"/> (1-based), or 0 when no record of the segment has it.</summary>
    private static int Find(byte[] table, uint key)
    {
        int low = 1, high = (table.Length / EntryBytes) - 1;
        while (low <= high)
        {
            int mid = (low + high) >>> 1;
            uint at = BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(mid * EntryBytes));
            if (at == key)
            {
                return mid;
            }

            if (at < key)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return 0;
    }

    private static List<FrameLocation> Merge(List<FrameLocation> a, List<FrameLocation> b)
    {
        List<FrameLocation> merged = new(a.Count + b.Count);
        int i = 0, j = 0;
        while (i < a.Count || j < b.Count)
        {
            merged.Add(j >= b.Count || (i < a.Count && a[i].Lsn < b[j].Lsn) ? a[i++] : b[j++]);
        }

        return merged;
    }
}
