using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EsCni.Testing;

namespace EsCni.Journal.Tests;

/// <summary>Append, read, subscribe, idempotency, lock and failure behaviour of an appending journal on real files.</summary>
public sealed class JournalTests : IDisposable
{
    private static readonly JournalOptions s_small = new() { SegmentBytes = 64 << 10, MaxBatchBytes = 8 << 10 };
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AppendAsync_ThenReadAsync_ReturnsEventsInLsnOrder()
    {
        await using Journal journal = await Journal.OpenAsync(_dir.Path, s_small, default);

        AppendResult first = await journal.AppendAsync(TestEvents.Batch(1, 0, 3), default);
        AppendResult second = await journal.AppendAsync(TestEvents.Batch(1, 3, 2), default);
        List<JournalRecord> records = ReadAll(journal, 0);

        Assert.Equal(new AppendResult(1, 3, false), first);
        Assert.Equal(new AppendResult(4, 5, false), second);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => TestEvents.Id(1, i)), records.Select(r => r.EventId));
        Assert.Equal([1L, 2, 3, 4, 5], records.Select(r => r.Lsn));
        Assert.All(records, r => Assert.True(TestEvents.IsIntact(r)));
        Assert.Equal(5, journal.LastLsn);
    }

    [Fact]
    public async Task AppendAsync_64ConcurrentCallers_AllDurableWithContiguousLsnsAcrossReopen()
    {
        await using (Journal journal = await Journal.OpenAsync(_dir.Path, s_small, default))
        {
            Task<AppendResult>[] tasks = Enumerable.Range(0, 64)
                .Select(c => Task.Run(async () =>
                {
                    AppendResult last = default;
                    for (int i = 0; i < 20; i++)
                    {
                        last = await journal.AppendAsync(TestEvents.Batch(c, i * 2, 2), default);
                    }

                    return last;
                }))
                .ToArray();
            await Task.WhenAll(tasks);
            Assert.Equal(64 * 20 * 2, journal.LastLsn);
        }

        await using Journal reopened = await Journal.OpenAsync(_dir.Path, s_small, default);
        List<JournalRecord> records = ReadAll(reopened, 0);
        Assert.Equal(Enumerable.Range(1, 2560).Select(i => (long)i), records.Select(r => r.Lsn));
        Assert.Equal(2560, records.Select(r => r.EventId).Distinct().Count());
        Assert.True(reopened.Recovery.Segments > 1, "the small segments must have rolled");
        Assert.Equal(0, reopened.Recovery.TornBytesCut);
    }

    [Fact]
    public async Task AppendAsync_RetriedBatch_ReturnsOriginalLsnsEvenAfterReopen()
    {
        List<JournalEntry> batch = TestEvents.Batch(2, 0, 3);
        AppendResult original;
        await using (Journal journal = await Journal.OpenAsync(_dir.Path, s_small, default))
        {
            original = await journal.AppendAsync(batch, default);
            await journal.AppendAsync(TestEvents.Batch(2, 3, 1), default);
            AppendResult retry = await journal.AppendAsync(batch, default);
            Assert.Equal(original with { Idempotent = true }, retry);
        }

        await using Journal reopened = await Journal.OpenAsync(_dir.Path, s_small, default);
        AppendResult afterReopen = await reopened.AppendAsync(batch, default);
        Assert.Equal(new AppendResult(1, 3, true), afterReopen);
        Assert.Equal(4, reopened.LastLsn);
    }

    [Fact]
    public async Task AppendAsync_SomeIdsAlreadyPresent_ThrowsAndWritesNothing()
    {
        await using Journal journal = await Journal.OpenAsync(_dir.Path, s_small, default);
        await journal.AppendAsync(TestEvents.Batch(3, 0, 2), default);

        List<JournalEntry> mixed = [TestEvents.Entry(TestEvents.Id(3, 1)), TestEvents.Entry(TestEvents.Id(3, 99))];
        JournalException error = await Assert.ThrowsAsync<JournalException>(async () => await journal.AppendAsync(mixed, default));

        Assert.Contains("already in the journal", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, journal.LastLsn);
    }

    [Fact]
    public async Task AppendAsync_BatchOverMaxBatchBytes_ThrowsNamingTheLimit()
    {
        await using Journal journal = await Journal.OpenAsync(_dir.Path, s_small, default);
        List<JournalEntry> big = [new JournalEntry(Guid.NewGuid(), 1, 0, new byte[9000])];

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(async () => await journal.AppendAsync(big, default));

        Assert.Contains("MaxBatchBytes (8192)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_WhileAnotherOpenHoldsTheLock_ThrowsNamingPid()
    {
        await using Journal journal = await Journal.OpenAsync(_dir.Path, s_small, default);

        JournalLockedException error = await Assert.ThrowsAsync<JournalLockedException>(async () => await Journal.OpenAsync(_dir.Path, s_small, default));

        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), error.HolderPid);
        Assert.Contains($"pid {Environment.ProcessId}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_AfterDispose_TakesTheLockAgain()
    {
        await (await Journal.OpenAsync(_dir.Path, s_small, default)).DisposeAsync();

        await using Journal again = await Journal.OpenAsync(_dir.Path, s_small, default);

        Assert.Equal(JournalState.Open, again.State);
    }

    [Fact]
    public async Task AppendAsync_AcrossSegmentRolls_NamesSegmentsByBaseLsnAndSealsThem()
    {
        await using Journal journal = await Journal.OpenAsync(_dir.Path, s_small, default);
        for (int i = 0; i < 200; i++)
        {
            await journal.AppendAsync(TestEvents.Batch(4, i * 5, 5, maxLength: 400), default);
        }

        string[] segments = Directory.GetFiles(_dir.Path, "*.seg").Select(Path.GetFileName).Order().ToArray()!;
        Assert.True(segments.Length >= 3, $"expected several segments, got {segments.Length}");
        Assert.Equal("00000000000000000001.seg", segments[0]);
        Assert.All(segments, s => Assert.Equal(64 << 10, new FileInfo(_dir.File(s)).Length));
        var reader = JournalReader.Open(_dir.Path);
        VerifyReport report = reader.Verify();
        Assert.True(report.IsIntact);
        Assert.Equal(1000, report.FramesOk);
        Assert.Equal(1000, reader.ReadAll(0, _ => { }));
    }

    [Fact]
    public async Task SubscribeAsync_FromHistory_YieldsRecordsThenCaughtUpThenLiveRecords()
    {
        await using Journal journal = await Journal.OpenAsync(_dir.Path, s_small, default);
        await journal.AppendAsync(TestEvents.Batch(5, 0, 3), default);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        List<JournalMessage> seen = [];

        await foreach (JournalMessage message in journal.SubscribeAsync(1, cts.Token))
        {
            seen.Add(message);
            if (message.Kind == JournalMessageKind.CaughtUp)
            {
                _ = Task.Run(() => journal.AppendAsync(TestEvents.Batch(5, 3, 2), default).AsTask());
            }

            if (message.Lsn == 5 && message.Kind == JournalMessageKind.Record)
            {
                break;
            }
        }

        Assert.Equal(
            [(JournalMessageKind.Record, 2L), (JournalMessageKind.Record, 3L), (JournalMessageKind.CaughtUp, 3L), (JournalMessageKind.Record, 4L), (JournalMessageKind.Record, 5L)],
            seen.Select(m => (m.Kind, m.Lsn)));
    }

    [Fact]
    public async Task AppendAsync_WhenFdatasyncFails_FailsTheCallerAndEveryLaterAppend()
    {
        var fs = new FaultInjectingFileSystem(1);
        await using Journal journal = await Journal.OpenAsync("/fault/j", new JournalOptions { SegmentBytes = 64 << 10, MaxBatchBytes = 8 << 10, FileSystem = fs }, default);
        await journal.AppendAsync(TestEvents.Batch(6, 0, 1), default);
        fs.ArmCrash(2); // the write succeeds, the fdatasync after it fails

        await Assert.ThrowsAsync<JournalFailedException>(async () => await journal.AppendAsync(TestEvents.Batch(6, 1, 1), default));

        Assert.Equal(JournalState.Failed, journal.State);
        Assert.IsType<SimulatedCrashException>(journal.Failure);
        await Assert.ThrowsAsync<JournalFailedException>(async () => await journal.AppendAsync(TestEvents.Batch(6, 2, 1), default));
        Assert.Equal(1, journal.LastLsn);
    }

    internal static List<JournalRecord> ReadAll(Journal journal, long afterLsn) => [.. journal.Read(afterLsn)];
}
