using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EsCni.Journal.Format;

namespace EsCni.Journal.Tests.Reading;

/// <summary>The read-only open: cheap (headers and Seal frames only), frames verified as read, the full check in Verify.</summary>
public sealed class JournalReaderTests : IDisposable
{
    private static readonly JournalOptions s_options = new() { SegmentBytes = 16 << 10, MaxBatchBytes = 4 << 10 };
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Open_BitFlipInSealedSegment_DefersTheCheckAndReadThrowsAfterTheIntactPrefix()
    {
        await WriteBatchesAsync(batches: 80, size: 5);
        string[] segments = SegmentFiles.List(_dir.Path);
        long offset = SegmentFiles.FrameOffset(segments[0], lsn: 8); // the middle of batch 6..10
        SegmentFiles.FlipBit(segments[0], offset + FrameCodec.HeaderBytes - 3);
        JournalCorruptException daemon = await Assert.ThrowsAsync<JournalCorruptException>(async () => await Journal.OpenAsync(_dir.Path, s_options, default));

        var reader = JournalReader.Open(_dir.Path);
        Assert.Equal(400, reader.LastLsn); // the open read Seal frames, not the frames before them
        List<long> seen = [];
        JournalCorruptException error = Assert.Throws<JournalCorruptException>(() => reader.ReadAll(0, r => seen.Add(r.Lsn)));

        Assert.Equal([1L, 2, 3, 4, 5], seen); // 6 and 7 verify, but their batch's Commit frame (10) is never reached
        Assert.Equal((daemon.File, daemon.Offset, daemon.Lsn), (error.File, error.Offset, error.Lsn));
        Assert.Equal(segments[0], error.File);
        Assert.Equal(SegmentFiles.FrameOffset(segments[0], lsn: 6), error.Offset);
        Assert.Equal(6, error.Lsn);
        Assert.Equal(daemon.Finding, reader.Verify().Corruption);
    }

    [Fact]
    public async Task ReadAsync_BitFlipInSealedSegment_YieldsTheIntactPrefixThenThrows()
    {
        await WriteBatchesAsync(batches: 80, size: 5);
        string[] segments = SegmentFiles.List(_dir.Path);
        long offset = SegmentFiles.FrameOffset(segments[1], lsn: SegmentFiles.BaseLsnOf(segments[1]) + 7);
        SegmentFiles.FlipBit(segments[1], offset + FrameCodec.HeaderBytes + 1);
        var reader = JournalReader.Open(_dir.Path);
        List<JournalRecord> seen = [];

        JournalCorruptException error = Assert.Throws<JournalCorruptException>(() =>
        {
            foreach (JournalRecord r in reader.Read(0))
            {
                seen.Add(r);
            }
        });

        Assert.Equal(reader.Verify().Corruption, error.Finding);
        Assert.Equal(error.Lsn - 1, seen[^1].Lsn);
        Assert.Equal(Enumerable.Range(1, (int)error.Lsn - 1).Select(i => (long)i), seen.Select(r => r.Lsn));
        Assert.All(seen, r => Assert.True(TestEvents.IsIntact(r)));
    }

    [Fact]
    public async Task Verify_AfterLazyOpen_ShrinksLastLsnToTheIntactPrefixAndReadsStopThere()
    {
        await WriteBatchesAsync(batches: 80, size: 5);
        string[] segments = SegmentFiles.List(_dir.Path);
        SegmentFiles.FlipBit(segments[0], SegmentFiles.FrameOffset(segments[0], lsn: 12) + 30);
        var reader = JournalReader.Open(_dir.Path);

        VerifyReport report = reader.Verify();

        Assert.False(report.IsIntact);
        Assert.Equal(10, report.LastLsn);
        Assert.Equal(10, reader.LastLsn);
        Assert.Equal(10, reader.ReadAll(0, _ => { }));
    }

    [Fact]
    public async Task Open_DamagedSealFrame_VerifiesThatSegmentInFullAtOpen()
    {
        await WriteBatchesAsync(batches: 80, size: 5);
        string[] segments = SegmentFiles.List(_dir.Path);
        long seal = SegmentFiles.FrameOffset(segments[0], lsn: long.MaxValue);
        long lastOfFirst = SegmentFiles.LastEventLsn(segments[0]);
        SegmentFiles.FlipBit(segments[0], seal + FrameCodec.HeaderBytes + 1);
        JournalCorruptException daemon = await Assert.ThrowsAsync<JournalCorruptException>(async () => await Journal.OpenAsync(_dir.Path, s_options, default));

        var reader = JournalReader.Open(_dir.Path);

        Assert.Equal(lastOfFirst, reader.LastLsn);
        Assert.Equal(lastOfFirst, reader.ReadAll(0, _ => { }));
        Assert.Equal(daemon.Finding, reader.Verify().Corruption);
        Assert.Equal((segments[0], seal, lastOfFirst + 1), (daemon.File, daemon.Offset, daemon.Lsn));
    }

    [Fact]
    public async Task ReadWhile_CallbackAnswersFalse_StopsAtThatRecordOnReaderAndJournal()
    {
        await WriteBatchesAsync(batches: 80, size: 5);
        await using Journal journal = await Journal.OpenAsync(_dir.Path, s_options, default);
        var reader = JournalReader.Open(_dir.Path);

        foreach (Func<long, Func<JournalRecord, bool>, long?, long> readWhile in new Func<long, Func<JournalRecord, bool>, long?, long>[] { reader.ReadWhile, journal.ReadWhile })
        {
            List<long> seen = [];
            long accepted = readWhile(100, r =>
            {
                seen.Add(r.Lsn);
                return r.Lsn < 250;
            }, null);

            Assert.Equal(149, accepted); // 101..249
            Assert.Equal(Enumerable.Range(101, 150).Select(i => (long)i), seen);
            Assert.Equal(20, readWhile(0, _ => true, 20));
        }
    }

    [Fact]
    public async Task Open_LiveJournalWithManySegments_SeesEverySealedSegmentsLastLsn()
    {
        await using Journal journal = await Journal.OpenAsync(_dir.Path, s_options, default);
        for (int i = 0; i < 60; i++)
        {
            await journal.AppendAsync(TestEvents.Batch(3, i * 7, 7), default);
        }

        var reader = JournalReader.Open(_dir.Path);

        Assert.True(SegmentFiles.List(_dir.Path).Length >= 4);
        Assert.Equal(420, reader.LastLsn);
        Assert.Equal(420, reader.ReadAll(0, r => Assert.True(TestEvents.IsIntact(r))));
        VerifyReport report = reader.Verify();
        Assert.True(report.IsIntact);
        Assert.Equal((1L, 420L, 420L), (report.FirstLsn, report.LastLsn, report.FramesOk));
    }

    [Fact]
    public async Task ReadAsync_BatchesLargerThanOneReadChunk_YieldsWholeBatchesOnlyUpToTheDamage()
    {
        var options = new JournalOptions { SegmentBytes = 2 << 20 };
        await using (Journal journal = await Journal.OpenAsync(_dir.Path, options, default))
        {
            for (int i = 0; i < 30; i++)
            {
                await journal.AppendAsync(TestEvents.Batch(2, i * 800, 800), default); // ~100 KB each, above the 80 KiB chunk
            }
        }

        string[] segments = SegmentFiles.List(_dir.Path);
        Assert.True(segments.Length >= 2);
        var intact = JournalReader.Open(_dir.Path);
        List<JournalRecord> all = ReadAll(intact);
        Assert.Equal(Enumerable.Range(1, 24_000).Select(i => (long)i), all.Select(r => r.Lsn));
        Assert.All(all, r => Assert.True(TestEvents.IsIntact(r)));

        SegmentFiles.FlipBit(segments[0], SegmentFiles.FrameOffset(segments[0], lsn: 2400) + 40); // batch 3's Commit frame
        List<JournalRecord> seen = [];
        JournalCorruptException error = Assert.Throws<JournalCorruptException>(() =>
        {
            foreach (JournalRecord r in JournalReader.Open(_dir.Path).Read(0))
            {
                seen.Add(r);
            }
        });

        Assert.Equal(1601, error.Lsn);
        Assert.Equal(Enumerable.Range(1, 1600).Select(i => (long)i), seen.Select(r => r.Lsn));
        Assert.All(seen, r => Assert.True(TestEvents.IsIntact(r)));
    }

    private static List<JournalRecord> ReadAll(JournalReader reader) => [.. reader.Read(0)];

    private async Task WriteBatchesAsync(int batches, int size)
    {
        await using Journal journal = await Journal.OpenAsync(_dir.Path, s_options, default);
        for (int i = 0; i < batches; i++)
        {
            await journal.AppendAsync(TestEvents.Batch(1, i * size, size), default);
        }

        Assert.True(SegmentFiles.List(_dir.Path).Length >= 3);
    }
}
