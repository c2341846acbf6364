using System;
using System.IO;
using System.Threading.Tasks;
using EsCni.Journal.Format;

namespace EsCni.Journal.Tests.Recovery;

/// <summary>Recovery reads segments in parallel; what it decides must not depend on which segment finished first.</summary>
public sealed class DirectoryScannerTests : IDisposable
{
    private static readonly JournalOptions s_options = new() { SegmentBytes = 16 << 10, MaxBatchBytes = 4 << 10, IdempotencyWindow = 50 };
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Open_DamageInSeveralSealedSegments_ReportsTheFirstInLsnOrder()
    {
        await WriteAsync(800);
        string[] segments = SegmentFiles.List(_dir.Path);
        Assert.True(segments.Length >= 5);
        long firstBad = SegmentFiles.BaseLsnOf(segments[1]) + 3;
        SegmentFiles.FlipBit(segments[3], SegmentFiles.FrameOffset(segments[3], SegmentFiles.BaseLsnOf(segments[3]) + 1) + 40);
        SegmentFiles.FlipBit(segments[1], SegmentFiles.FrameOffset(segments[1], firstBad) + 40);
        SegmentFiles.FlipBit(segments[2], 0); // a broken header later in the chain

        JournalCorruptException error = await Assert.ThrowsAsync<JournalCorruptException>(async () => await Journal.OpenAsync(_dir.Path, s_options, default));

        Assert.Equal((segments[1], SegmentFiles.FrameOffset(segments[1], firstBad), firstBad), (error.File, error.Offset, error.Lsn));
        Assert.Equal(error.Finding, JournalReader.Open(_dir.Path).Verify().Corruption);
    }

    [Fact]
    public async Task Open_ManySegmentsNoSnapshot_RecoversEveryEventAndEveryId()
    {
        await WriteAsync(400);

        await using Journal journal = await Journal.OpenAsync(_dir.Path, s_options, default);

        Assert.Equal(400, journal.LastLsn);
        Assert.Equal(400, journal.ReadAll(0, r => Assert.True(TestEvents.IsIntact(r))));
        // With no snapshot every id is after the newest snapshot, so all are remembered, the first segment's too.
        Assert.Equal(new AppendResult(1, 1, true), await journal.AppendAsync([TestEvents.Entry(TestEvents.Id(1, 0))], default));
        Assert.Equal(new AppendResult(351, 351, true), await journal.AppendAsync([TestEvents.Entry(TestEvents.Id(1, 350))], default));
    }

    [Fact]
    public async Task Open_SnapshotBeforeTheWindow_KeepsEveryIdAfterTheSnapshot()
    {
        await using (Journal journal = await Journal.OpenAsync(_dir.Path, s_options, default))
        {
            for (int i = 0; i < 400; i++)
            {
                await journal.AppendAsync([TestEvents.Entry(TestEvents.Id(1, i))], default);
                if (i == 199)
                {
                    await journal.WriteSnapshotAsync(200, new byte[] { 1, 2, 3 }, default);
                }
            }
        }

        await using Journal reopened = await Journal.OpenAsync(_dir.Path, s_options, default);

        Assert.Equal(new AppendResult(201, 201, true), await reopened.AppendAsync([TestEvents.Entry(TestEvents.Id(1, 200))], default));
        Assert.Equal(new AppendResult(401, 401, false), await reopened.AppendAsync([TestEvents.Entry(TestEvents.Id(1, 199))], default));
    }

    [Fact]
    public async Task Open_StrayByteFarBeyondTheFirstReadChunk_IsCorruptionNotACleanEnd()
    {
        var options = new JournalOptions { SegmentBytes = 8 << 20 };
        await using (Journal journal = await Journal.OpenAsync(_dir.Path, options, default))
        {
            await journal.AppendAsync(TestEvents.Batch(1, 0, 5), default);
        }

        string segment = SegmentFiles.List(_dir.Path)[0];
        using (FileStream stream = File.OpenWrite(segment))
        {
            stream.Position = 6 << 20; // past the 4 MiB the clean-end check reads first
            stream.WriteByte(0x01);
        }

        JournalCorruptException error = await Assert.ThrowsAsync<JournalCorruptException>(async () => await Journal.OpenAsync(_dir.Path, options, default));

        Assert.Equal(6, error.Lsn);
        Assert.Contains("beyond the", error.Message, StringComparison.Ordinal);
        var reader = JournalReader.Open(_dir.Path);
        Assert.Equal(error.Finding, reader.Verify().Corruption);
        Assert.Equal(5, reader.LastLsn);
    }

    private async Task WriteAsync(int events)
    {
        await using Journal journal = await Journal.OpenAsync(_dir.Path, s_options, default);
        for (int i = 0; i < events; i++)
        {
            await journal.AppendAsync([TestEvents.Entry(TestEvents.Id(1, i))], default);
        }
    }
}
