using System.Runtime.ExceptionServices;

namespace EsCni.Journal.Recovery;

/// <summary>Reading one segment on its own: the fast sealed path, the exact whole-file scan, or just the Seal.</summary>
internal static partial class DirectoryScanner
{
    /// <summary>
    /// Verifies every frame of the sealed (non-last) segment at <paramref name="path"/>, as <see cref="Scan"/> would
    /// as one link of the chain starting at <paramref name="baseLsn"/>; returns the corruption found, or null.
    /// </summary>
    public static CorruptionFinding? VerifySealed(IJournalFileSystem fs, string path, long baseLsn)
    {
        var listing = new SegmentListing([(baseLsn, path)], []);
        SegmentOutcome outcome = ReadSegment(fs, path, isLast: false, locateOnly: false, long.MaxValue, new ScanBuffers());
        return Chain(listing, [outcome]).Corruption;
    }

    /// <summary>
    /// Reads the segment at <paramref name="path"/>. The last segment, and any segment the fast paths do not
    /// accept, gets <see cref="SegmentScanner.Scan"/> over the whole file, so every finding comes from there.
    /// </summary>
    private static SegmentOutcome ReadSegment(IJournalFileSystem fs, string path, bool isLast, bool locateOnly, long collectFrom, ScanBuffers buffers)
    {
        try
        {
            using IJournalFile file = fs.Open(path, writable: false);
            long length = file.Length;
            if (length > int.MaxValue - 64)
            {
                throw new JournalCorruptException(new CorruptionFinding(path, 0, 0, $"the segment is {length} bytes, larger than any segment this journal writes"));
            }

            List<(Guid Id, long Lsn)>? events = collectFrom == long.MaxValue ? null : [];
            byte[] chunk = buffers.Chunk;
            bool locate = locateOnly && !isLast;
            int read = file.Read(0, locate ? chunk.AsSpan(0, SegmentHeader.Bytes) : chunk);
            if (!SegmentHeader.TryDecode(chunk.AsSpan(0, read), out SegmentHeader header, out string reason))
            {
                return new SegmentOutcome(default, reason, null, true, null, null);
            }

            if (locate && SealLocator.TryLocate(file, header, chunk, out long end, out long lastLsn))
            {
                var located = new SegmentScan(SegmentEnd.Sealed, end, lastLsn, lastLsn - header.BaseLsn + 1, end, 0, string.Empty);
                return new SegmentOutcome(header, null, located, FramesVerified: false, null, null);
            }

            if (!locate && CleanSegmentScanner.TryScan(file, header, isLast, chunk, read, collectFrom, events ?? []) is { } clean)
            {
                return new SegmentOutcome(header, null, clean, true, events, null);
            }

            events?.Clear();
            return ScanWhole(file, isLast, collectFrom, events, buffers);
        }
        catch (Exception e)
        {
            return new SegmentOutcome(default, null, null, true, null, ExceptionDispatchInfo.Capture(e));
        }
    }

    /// <summary>The exact scan: the whole file in memory, decided by <see cref="SegmentScanner.Scan"/>.</summary>
    private static SegmentOutcome ScanWhole(IJournalFile file, bool isLast, long collectFrom, List<(Guid Id, long Lsn)>? events, ScanBuffers buffers)
    {
        int length = (int)file.Length;
        byte[] whole = buffers.Whole(length);
        int read = file.Read(0, whole.AsSpan(0, length));
        ReadOnlySpan<byte> data = whole.AsSpan(0, read);
        if (!SegmentHeader.TryDecode(data, out SegmentHeader header, out string reason))
        {
            return new SegmentOutcome(default, reason, null, true, null, null);
        }

        SegmentScanner.CommittedEvent? collect = events is null ? null : (id, lsn) => events.Add((id, lsn));
        SegmentScan scan = SegmentScanner.Scan(data, header, isLast, collect, collectFrom);
        return new SegmentOutcome(header, null, scan, true, events, null);
    }

    /// <summary>One worker's read buffers, reused across the segments it reads.</summary>
    private sealed class ScanBuffers
    {
        private byte[]? _chunk;
        private byte[] _whole = [];

        /// <summary>The chunk for sequential reads of sealed segments.</summary>
        public byte[] Chunk => _chunk ??= GC.AllocateUninitializedArray<byte>(CleanSegmentScanner.ChunkBytes);

        /// <summary>A buffer holding at least <paramref name="bytes"/>.</summary>
        public byte[] Whole(int bytes)
        {
            if (_whole.Length < bytes)
            {
                _whole = GC.AllocateUninitializedArray<byte>(bytes);
            }

            return _whole;
        }
    }
}
