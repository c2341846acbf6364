using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EsCni.Journal.Writing;

/// <summary>The active segment: where the writer loop appends, and how a full segment is sealed and the next created.</summary>
internal sealed class SegmentWriter : IDisposable
{
    private const int ZeroChunkBytes = 1 << 20; // zero-fill in 1 MiB writes: few syscalls, a small static buffer
    private static readonly byte[] s_zeros = new byte[ZeroChunkBytes];

    private readonly IJournalFile _file;

    private SegmentWriter(IJournalFile file, string path, SegmentHeader header, long writeOffset, long lastLsn)
    {
        _file = file;
        Path = path;
        Header = header;
        WriteOffset = writeOffset;
        LastLsn = lastLsn;
        // The file's own size, not today's option: a segment preallocated under another ESCNI_JOURNAL_SEGMENT_MIB
        // is filled to its real end and never written past it.
        Capacity = file.Length;
    }

    /// <summary>Full path of the segment file.</summary>
    public string Path { get; }

    /// <summary>The segment's header.</summary>
    public SegmentHeader Header { get; }

    /// <summary>Size of the preallocated file.</summary>
    public long Capacity { get; }

    /// <summary>Offset where the next write goes (end of durable data).</summary>
    public long WriteOffset { get; private set; }

    /// <summary>Last durable event LSN in this segment (BaseLsn − 1 when empty).</summary>
    public long LastLsn { get; private set; }

    /// <summary>
    /// Creates a zero-filled segment for <paramref name="baseLsn"/>. Atomic steps: write header + zeros to
    /// <c>name.tmp</c> → fsync the file → rename to the final name → fsync the directory. A crash before the
    /// rename leaves only a .tmp (deleted at open); after it, the named file is complete.
    /// </summary>
    public static SegmentWriter Create(IJournalFileSystem fs, string directory, long baseLsn, Guid incarnation, JournalOptions options)
    {
        string path = System.IO.Path.Combine(directory, FileNames.Segment(baseLsn));
        string temp = path + FileNames.TempSuffix;
        var header = new SegmentHeader(NewSalt(), incarnation, baseLsn, options.NowMicros(), options.MaxBatchBytes);
        IJournalFile file = fs.Create(temp);
        try
        {
            byte[] first = new byte[SegmentHeader.Bytes];
            header.Encode(first);
            file.Write(0, first);
            // Real zeros, not fallocate: a zero header is how readers find the end of data, and writing into
            // unwritten extents would make every later fdatasync also commit extent metadata (PostgreSQL wal_init_zero).
            for (long at = SegmentHeader.Bytes; at < options.SegmentBytes; at += ZeroChunkBytes)
            {
                file.Write(at, s_zeros.AsSpan(0, (int)Math.Min(ZeroChunkBytes, options.SegmentBytes - at)));
            }

            file.Sync();                       // step 1: contents and size durable under the temp name
            fs.Rename(temp, path);             // step 2: the complete file appears under its real name at once
            fs.SyncDirectory(directory);       // step 3: the name itself is durable
        }
        catch
        {
            file.Dispose();
            throw;
        }

        return new SegmentWriter(file, path, header, SegmentHeader.Bytes, baseLsn - 1);
    }

    /// <summary>Reopens the recovered active segment for appending at <paramref name="writeOffset"/>.</summary>
    public static SegmentWriter Reopen(IJournalFileSystem fs, string path, SegmentHeader header, long writeOffset, long lastLsn)
        => new(fs.Open(path, writable: true), path, header, writeOffset, lastLsn);

    /// <summary>Bytes still free for event frames, keeping room for the Seal frame.</summary>
    public long Remaining() => Capacity - WriteOffset - FrameCodec.FrameBytes(ControlType.SealPayloadBytes);

    /// <summary>One positional write of a whole group, then one fdatasync; returns the fdatasync duration.</summary>
    public TimeSpan WriteDurable(ReadOnlySpan<byte> frames, long lastLsn)
    {
        _file.Write(WriteOffset, frames);
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        _file.DataSync();
        TimeSpan took = System.Diagnostics.Stopwatch.GetElapsedTime(start);
        WriteOffset += frames.Length;
        LastLsn = lastLsn;
        return took;
    }

    /// <summary>Writes and fdatasyncs the Seal frame; afterwards the segment is complete and read-only.</summary>
    public void Seal(long timestampMicros)
    {
        Span<byte> payload = stackalloc byte[ControlType.SealPayloadBytes];
        BinaryPrimitives.WriteInt64LittleEndian(payload, LastLsn);
        BinaryPrimitives.WriteInt64LittleEndian(payload[8..], LastLsn - Header.BaseLsn + 1);
        byte[] frame = new byte[FrameCodec.FrameBytes(payload.Length)];
        var header = new FrameHeader(LastLsn, Header.Salt, ControlType.Seal,
            FrameFlags.Control | FrameFlags.Commit | FrameFlags.SyncEnd, timestampMicros, Guid.Empty, payload.Length);
        FrameCodec.Encode(frame, header, payload);
        _file.Write(WriteOffset, frame);
        _file.DataSync();
        WriteOffset += frame.Length;
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _file.Dispose();

    /// <summary>Zeroes the torn range and saves its bytes first; see README "Crash rules".</summary>
    internal static string CutTornTail(IJournalFileSystem fs, string directory, string path, long from, long to, long nowMicros)
    {
        using IJournalFile segment = fs.Open(path, writable: true);
        byte[] torn = new byte[to - from];
        segment.Read(from, torn);
        // Step 1: keep the cut bytes for forensics, durably, before destroying them.
        string broken = FileNames.Broken(path, nowMicros);
        using (IJournalFile copy = fs.Create(broken))
        {
            copy.Write(0, torn);
            copy.Sync();
        }

        fs.SyncDirectory(directory);
        // Step 2: zero the range so the segment again ends in a zero header; a crash in between just repeats the cut.
        segment.Write(from, new byte[torn.Length]);
        segment.DataSync();
        return broken;
    }

    private static uint NewSalt()
    {
        uint salt;
        do
        {
            salt = BinaryPrimitives.ReadUInt32LittleEndian(RandomNumberGenerator.GetBytes(4));
        }
        while (salt == 0);
        return salt;
    }
}
