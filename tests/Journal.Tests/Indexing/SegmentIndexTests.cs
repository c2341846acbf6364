using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using EsCni.Journal.Indexing;

namespace EsCni.Journal.Tests.Indexing;

/// <summary>
/// Per-segment indexes over real segment files: written for sealed segments only, a lookup gives exactly the frames the
/// classifier filed under the key plus the every-key ones, frames are re-verified when read at an offset, and files
/// that do not belong (a deleted segment's, an interrupted write's) are cleaned up.
/// </summary>
public sealed class SegmentIndexTests : IDisposable
{
    // Type ids of TestEvents are spread over 0..32767: a seventh of them for every key, a seventh for none.
    private static readonly SegmentIndexDefinition s_byType = new("test", 42, (in JournalRecord r, out uint key) =>
    {
        key = r.Type % 5u;
        return (r.Type % 7) switch
        {
            0 => IndexMembership.EveryKey,
            1 => IndexMembership.None,
            _ => IndexMembership.Key,
        };
    });

    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task WriteIndexes_SealedSegments_LookupReadsExactlyTheFramesFiledUnderTheKey()
    {
        List<JournalSegment> sealedByHook = [];
        await WriteAsync(400, sealedByHook.Add);
        JournalReader reader = JournalReader.Open(_dir.Path);
        JournalSegment[] sealedSegments = [.. reader.Segments.Where(s => s.Sealed)];
        Assert.True(sealedSegments.Length >= 3, $"{sealedSegments.Length} sealed segments");
        Assert.Equal(sealedSegments.Select(s => (s.BaseLsn, s.LastLsn, s.Salt)), sealedByHook.Select(s => (s.BaseLsn, s.LastLsn, s.Salt)));

        Assert.Equal(sealedSegments.Length, reader.WriteIndexes(s_byType));
        Assert.Equal(0, reader.WriteIndexes(s_byType)); // all usable now: nothing rewritten
        Assert.Equal("the segment is not sealed", reader.CheckIndex(reader.Segments[^1], s_byType));
        foreach (JournalSegment segment in sealedSegments)
        {
            Assert.Null(reader.CheckIndex(segment, s_byType));
            for (uint key = 0; key < 6; key++)
            {
                List<JournalRecord> expected = [.. reader.Read(segment.BaseLsn - 1, segment.LastLsn).Where(r => Wanted(r, key))];
                IReadOnlyList<FrameLocation> frames = reader.TryLookup(segment, s_byType, key, out string problem) ?? throw new InvalidOperationException(problem);
                List<(long, Guid, ushort, byte[])> read = [];
                Assert.True(reader.TryReadFrames(segment, frames, r => read.Add((r.Lsn, r.EventId, r.Type, r.Payload.ToArray()))));
                Assert.Equal(expected.Select(r => (r.Lsn, r.EventId, r.Type, r.Payload.ToArray())), read);
            }
        }
    }

    [Fact]
    public async Task TryReadFrames_LocationThatDoesNotHoldThatFrame_ReturnsFalse()
    {
        await WriteAsync(200);
        JournalReader reader = JournalReader.Open(_dir.Path);
        reader.WriteIndexes(s_byType);
        JournalSegment segment = reader.Segments[0];
        FrameLocation frame = reader.TryLookup(segment, s_byType, 2, out _)![0];

        Assert.True(reader.TryReadFrames(segment, [frame], _ => { }));
        Assert.False(reader.TryReadFrames(segment, [frame with { Lsn = frame.Lsn + 1 }], _ => { }));
        Assert.False(reader.TryReadFrames(segment, [frame with { Offset = frame.Offset + 8 }], _ => { }));
        Assert.False(reader.TryReadFrames(segment, [frame with { Offset = segment.EndOffset - 8 }], _ => { }));
    }

    [Fact]
    public async Task WriteIndexes_StrayFiles_RemovesDeletedSegmentsIndexesAndTempFilesOnly()
    {
        await WriteAsync(200);
        JournalReader reader = JournalReader.Open(_dir.Path);
        string folder = Path.Combine(_dir.Path, "index");
        Directory.CreateDirectory(folder);
        string orphan = Path.Combine(folder, "00000000000000999999.seg.test"), temp = Path.Combine(folder, "00000000000000000001.seg.test.tmp");
        string otherIndex = Path.Combine(folder, "00000000000000999999.seg.other");
        string truncated = s_byType.PathFor(reader.Segments[0]);
        File.WriteAllText(orphan, "x");
        File.WriteAllText(temp, "x");
        File.WriteAllText(otherIndex, "x");
        File.WriteAllBytes(truncated, new byte[10]);
        Assert.Contains("shorter than its 64-byte header", reader.CheckIndex(reader.Segments[0], s_byType), StringComparison.Ordinal);

        reader.WriteIndexes(s_byType);

        Assert.False(File.Exists(orphan));
        Assert.False(File.Exists(temp));
        Assert.True(File.Exists(otherIndex)); // another definition's: not ours to judge
        Assert.Null(reader.CheckIndex(reader.Segments[0], s_byType));
    }

    private static bool Wanted(JournalRecord r, uint key) =>
        s_byType.Classify(in r, out uint k) is var m && (m == IndexMembership.EveryKey || (m == IndexMembership.Key && k == key));

    private async Task WriteAsync(int events, Action<JournalSegment>? sealedHook = null)
    {
        JournalOptions options = new() { SegmentBytes = 8 << 10, MaxBatchBytes = 2 << 10, SegmentSealed = sealedHook };
        await using Journal journal = await Journal.OpenAsync(_dir.Path, options, default);
        for (int i = 0; i < events; i += 5)
        {
            await journal.AppendAsync(TestEvents.Batch(3, i, 5), default);
        }
    }
}
