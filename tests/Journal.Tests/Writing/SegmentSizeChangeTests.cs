using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace EsCni.Journal.Tests.Writing;

/// <summary>
/// An operator may change the segment size (ESCNI_JOURNAL_SEGMENT_MIB) between restarts: the active segment is
/// filled to its own preallocated end, never past it, and new segments get the new size.
/// </summary>
public sealed class SegmentSizeChangeTests : IDisposable
{
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(32 << 10, 16 << 10)]
    [InlineData(16 << 10, 32 << 10)]
    public async Task Reopen_WithOtherSegmentSize_ActiveSegmentKeepsItsSizeNewOnesGetTheNewSize(int before, int after)
    {
        await using (Journal journal = await Journal.OpenAsync(_dir.Path, Options(before), default))
        {
            await journal.AppendAsync(TestEvents.Batch(1, 0, 10), default);
        }

        string first = Directory.GetFiles(_dir.Path, "*.seg").Single();
        await using (Journal journal = await Journal.OpenAsync(_dir.Path, Options(after), default))
        {
            for (int i = 1; i < 60; i++)
            {
                await journal.AppendAsync(TestEvents.Batch(1, i * 10, 10, maxLength: 300), default);
            }
        }

        string[] segments = Directory.GetFiles(_dir.Path, "*.seg").Order().ToArray();
        Assert.True(segments.Length >= 3, $"expected rolls, got {segments.Length} segment(s)");
        Assert.Equal(before, new FileInfo(first).Length);
        Assert.All(segments.Skip(1), s => Assert.Equal(after, new FileInfo(s).Length));
        await using Journal reopened = await Journal.OpenAsync(_dir.Path, Options(after), default);
        Assert.Equal(600, reopened.LastLsn);
        Assert.True(JournalReader.Open(_dir.Path).Verify().IsIntact);
    }

    private static JournalOptions Options(int segmentBytes) => new() { SegmentBytes = segmentBytes, MaxBatchBytes = 4 << 10 };
}
