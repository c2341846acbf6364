using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EsCni.Journal.Format;

namespace EsCni.Journal.Tests.Recovery;

/// <summary>Damage real segment files at recorded offsets and assert exactly what survives (etcd's TestOpenOnTornWrite).</summary>
public sealed class TornTailTests : IDisposable
{
    private static readonly JournalOptions s_options = new() { SegmentBytes = 256 << 10, MaxBatchBytes = 8 << 10 };
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string FirstSegment => _dir.File("00000000000000000001.seg");

    [Fact]
    public async Task Open_TornLastWrite_CutsItKeepsBrokenCopyAndContinuesFromLastGoodLsn()
    {
        long endOf40 = await WriteEventsAsync(40);
        // A torn 41st batch: a correct frame header whose payload only partly reached the disk.
        byte[] frame = new byte[FrameCodec.FrameBytes(100)];
        byte[] payload = Enumerable.Repeat((byte)0x5A, 100).ToArray();
        FrameCodec.Encode(frame, new FrameHeader(41, SaltOf(FirstSegment), 1, FrameFlags.Commit | FrameFlags.SyncEnd, 0, Guid.NewGuid(), 100), payload);
        WriteAt(FirstSegment, endOf40, frame.AsSpan(0, 72).ToArray());

        await using Journal journal = await Journal.OpenAsync(_dir.Path, s_options, default);

        Assert.Equal(40, journal.LastLsn);
        Assert.Equal(72, journal.Recovery.TornBytesCut);
        Assert.NotNull(journal.Recovery.BrokenFile);
        Assert.Equal(frame.AsSpan(0, 72).ToArray(), File.ReadAllBytes(journal.Recovery.BrokenFile!));
        AppendResult next = await journal.AppendAsync(TestEvents.Batch(9, 0, 5), default);
        Assert.Equal(new AppendResult(41, 45, false), next);
        Assert.Equal(45, (JournalTests.ReadAll(journal, 0)).Count);
    }

    [Fact]
    public async Task Open_ZeroedFrameFollowedByLaterWrites_RefusesNamingFileOffsetAndLsn()
    {
        await WriteEventsAsync(40);
        long offset = FrameOffset(FirstSegment, lsn: 20);
        WriteAt(FirstSegment, offset, new byte[FrameCodec.HeaderBytes]);

        JournalCorruptException error = await Assert.ThrowsAsync<JournalCorruptException>(async () => await Journal.OpenAsync(_dir.Path, s_options, default));

        Assert.Equal(FirstSegment, error.File);
        Assert.Equal(offset, error.Offset);
        Assert.Equal(20, error.Lsn);
        Assert.Contains($"{FirstSegment} is corrupt at offset {offset} (LSN 20)", error.Message, StringComparison.Ordinal);
        Assert.Contains("replay verify", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_BitFlipInSealedSegment_RefusesAndReaderReturnsIntactPrefix()
    {
        var options = new JournalOptions { SegmentBytes = 16 << 10, MaxBatchBytes = 4 << 10 };
        await using (Journal journal = await Journal.OpenAsync(_dir.Path, options, default))
        {
            for (int i = 0; i < 400; i++)
            {
                await journal.AppendAsync([TestEvents.Entry(TestEvents.Id(1, i))], default);
            }
        }

        string[] segments = Directory.GetFiles(_dir.Path, "*.seg").Order().ToArray();
        Assert.True(segments.Length >= 3);
        long offset = FrameOffset(segments[0], lsn: 7);
        byte[] bytes = File.ReadAllBytes(segments[0]);
        bytes[offset + FrameCodec.HeaderBytes - 3] ^= 0x04; // one bit of LSN 7's event id
        File.WriteAllBytes(segments[0], bytes);

        JournalCorruptException error = await Assert.ThrowsAsync<JournalCorruptException>(async () => await Journal.OpenAsync(_dir.Path, options, default));
        Assert.Equal(segments[0], error.File);
        Assert.Equal(offset, error.Offset);
        Assert.Equal(7, error.Lsn);
        Assert.Contains("sealed segment", error.Message, StringComparison.Ordinal);

        var reader = JournalReader.Open(_dir.Path);
        VerifyReport report = reader.Verify();
        Assert.False(report.IsIntact);
        Assert.Equal(new CorruptionFinding(segments[0], offset, 7, report.Corruption!.Reason), report.Corruption);
        Assert.Equal(6, reader.LastLsn);
        var prefix = Read(reader);
        Assert.Equal([1L, 2, 3, 4, 5, 6], prefix.Select(r => r.Lsn));
        Assert.All(prefix, r => Assert.True(TestEvents.IsIntact(r)));
    }

    [Fact]
    public async Task Open_MissingMiddleSegment_RefusesNamingTheGap()
    {
        var options = new JournalOptions { SegmentBytes = 16 << 10, MaxBatchBytes = 4 << 10 };
        await using (Journal journal = await Journal.OpenAsync(_dir.Path, options, default))
        {
            for (int i = 0; i < 400; i++)
            {
                await journal.AppendAsync([TestEvents.Entry(TestEvents.Id(1, i))], default);
            }
        }

        string[] segments = Directory.GetFiles(_dir.Path, "*.seg").Order().ToArray();
        File.Delete(segments[1]);

        JournalCorruptException error = await Assert.ThrowsAsync<JournalCorruptException>(async () => await Journal.OpenAsync(_dir.Path, options, default));
        Assert.Equal(segments[2], error.File);
        Assert.Contains("a segment is missing or foreign", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JournalReader_OnLiveJournal_ReadsWithoutTheLockAndRepairsNothing()
    {
        await using Journal journal = await Journal.OpenAsync(_dir.Path, s_options, default);
        await journal.AppendAsync(TestEvents.Batch(1, 0, 10), default);

        var reader = JournalReader.Open(_dir.Path);

        Assert.Equal(10, reader.LastLsn);
        Assert.True(reader.Verify().IsIntact);
        Assert.Equal(10, (Read(reader)).Count);
        await journal.AppendAsync(TestEvents.Batch(1, 10, 1), default); // the writer is unaffected
    }

    [Fact]
    public async Task JournalReader_OnTornTail_ReportsItAndLeavesTheFileAlone()
    {
        long end = await WriteEventsAsync(5);
        WriteAt(FirstSegment, end, [1, 2, 3, 4, 5, 6, 7, 8]);
        byte[] before = File.ReadAllBytes(FirstSegment);

        VerifyReport report = JournalReader.Open(_dir.Path).Verify();

        Assert.True(report.IsIntact);
        Assert.True(report.TornTail);
        Assert.Equal(8, report.TornBytes);
        Assert.Equal(5, report.LastLsn);
        Assert.Equal(before, File.ReadAllBytes(FirstSegment));
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.broken-*"));
    }

    private async Task<long> WriteEventsAsync(int count)
    {
        await using Journal journal = await Journal.OpenAsync(_dir.Path, s_options, default);
        for (int i = 0; i < count; i++)
        {
            await journal.AppendAsync([TestEvents.Entry(TestEvents.Id(1, i))], default);
        }

        return FrameOffset(FirstSegment, count + 1);
    }

    private static System.Collections.Generic.List<JournalRecord> Read(JournalReader reader) => [.. reader.Read(0)];

    private static uint SaltOf(string segment)
    {
        Assert.True(SegmentHeader.TryDecode(File.ReadAllBytes(segment), out SegmentHeader header, out _));
        return header.Salt;
    }

    /// <summary>Offset of the frame holding <paramref name="lsn"/> (or the end of data for the LSN after the last).</summary>
    private static long FrameOffset(string segment, long lsn)
    {
        byte[] bytes = File.ReadAllBytes(segment);
        uint salt = SaltOf(segment);
        int offset = SegmentHeader.Bytes;
        while (FrameCodec.TryDecode(bytes.AsSpan(offset), salt, out FrameHeader h) == FrameStatus.Valid && h.Lsn < lsn)
        {
            offset += h.FrameBytes;
        }

        return offset;
    }

    private static void WriteAt(string path, long offset, byte[] data)
    {
        using FileStream stream = File.OpenWrite(path);
        stream.Position = offset;
        stream.Write(data);
    }
}
