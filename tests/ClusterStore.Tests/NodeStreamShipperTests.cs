using EsCni.ClusterStore.Shipping;
using EsCni.Journal;
using EsCni.ClusterStore;
using JasperFx.Events;
using EsCni.Testing;
using NodeJournal = EsCni.Journal.Journal;

namespace EsCni.ClusterStore.Tests;

/// <summary>The shipper against a real PostgreSQL (ESCNI_TEST_POSTGRES): exact copies, lost replies, outages, second writers.</summary>
public sealed class NodeStreamShipperTests : IClassFixture<ClusterTestDatabase>
{
    private static readonly bool s_long = Environment.GetEnvironmentVariable("ESCNI_LONG") == "1";
    private readonly ClusterTestDatabase _db;

    public NodeStreamShipperTests(ClusterTestDatabase db) => _db = db;

    [Fact]
    public async Task RunAsync_LargeJournal_StreamEqualsJournalEventByEvent()
    {
        int count = s_long ? 100_000 : 10_000;
        await using ShippingHarness node = await ShippingHarness.CreateAsync();
        await SyntheticNodeEvents.AppendAsync(node.Journal, SyntheticNodeEvents.Churn("i-big", count, "10.1.0.10"), batch: 500);

        node.StartShipping(_db.ConnectionString, "node-big");
        await node.WaitShippedAsync(seconds: s_long ? 300 : 90);

        IReadOnlyList<IEvent> remote = await ShippingHarness.ReadStreamAsync(_db.ConnectionString, node.Shipper!.StreamKey);
        List<JournalRecord> local = [];
        node.Journal.ReadAll(0, r => local.Add(r with { Payload = r.Payload.ToArray() }));
        Assert.Equal(count, local.Count);
        Assert.Equal(local.Count, remote.Count);
        for (int i = 0; i < local.Count; i++)
        {
            JournalRecord l = local[i];
            IEvent r = remote[i];
            var shipped = Assert.IsType<ShippedEvent>(r.Data);
            Assert.Equal(l.Lsn, r.Version);
            Assert.Equal(l.EventId, r.Id);
            Assert.Equal(l.Lsn, shipped.Lsn);
            Assert.Equal(l.Type, shipped.TypeId);
            Assert.Equal(l.TimestampMicros, ShippedEventMapping.ToMicros(r.Timestamp));
            Assert.True(l.Payload.Span.SequenceEqual(shipped.Payload), $"payload of LSN {l.Lsn} differs");
        }

        Assert.Equal(0, node.Shipper.UnshippedBytes);
        Assert.Equal("IpAllocated", ((ShippedEvent)remote[3].Data).Type);
        Assert.Equal("10.1.0.10", ((ShippedEvent)remote[3].Data).Fields!.Value.GetProperty("Ip").GetString());
    }

    [Fact]
    public async Task RunAsync_ReplyToCommitLost_NoDuplicateAndNoGap()
    {
        await using var proxy = new PostgresProxy(_db.ConnectionString);
        proxy.Start();
        await using ShippingHarness node = await ShippingHarness.CreateAsync();
        await SyntheticNodeEvents.AppendAsync(node.Journal, SyntheticNodeEvents.Churn("i-lost", 1_800, "10.2.0.10"));
        proxy.DropNextCommitReplies(3); // three batches commit on the server while the client sees a dead connection

        node.StartShipping(proxy.ConnectionString, "node-lost");
        await node.WaitShippedAsync();

        Assert.Equal(3, proxy.DroppedCommitReplies);
        Assert.True(node.Metrics.ShippingErrors.Value >= 3, "the shipper saw each lost reply as a failure");
        IReadOnlyList<IEvent> remote = await ShippingHarness.ReadStreamAsync(_db.ConnectionString, node.Shipper!.StreamKey);
        Assert.Equal(Enumerable.Range(1, 1_800).Select(i => (long)i), remote.Select(e => e.Version));
        Assert.Equal(1_800, remote.Select(e => e.Id).Distinct().Count());
        List<Guid> localIds = [];
        node.Journal.ReadAll(0, r => localIds.Add(r.EventId));
        Assert.Equal(localIds, remote.Select(e => e.Id));
    }

    [Fact]
    public async Task RunAsync_PostgresDownThenUp_BacklogGrowsThenCatchesUp()
    {
        await using var proxy = new PostgresProxy(_db.ConnectionString);
        await using ShippingHarness node = await ShippingHarness.CreateAsync();
        IEnumerator<EsCni.Domain.Events.DomainEvent> events = SyntheticNodeEvents.Churn("i-down", 3_000, "10.3.0.10").GetEnumerator();
        await SyntheticNodeEvents.AppendAsync(node.Journal, Take(events, 1_000));

        node.StartShipping(proxy.ConnectionString, "node-down"); // proxy not started: PostgreSQL unreachable
        await Poll.UntilAsync(() => node.Shipper!.State == ShippingState.Unavailable && node.Shipper.UnshippedBytes > 0, "the shipper to report PostgreSQL unavailable with a backlog", ShippingHarness.Patience);
        long backlogBefore = node.Shipper!.UnshippedBytes;
        await SyntheticNodeEvents.AppendAsync(node.Journal, Take(events, 1_000));
        await Poll.UntilAsync(() => node.Shipper.UnshippedBytes > backlogBefore && node.Metrics.UnshippedBytes.Value > backlogBefore,
            "the backlog and escni_journal_unshipped_bytes to grow while PostgreSQL is down", ShippingHarness.Patience);
        Assert.Equal(-1, node.Shipper.ShippedLsn);

        proxy.Start();
        await SyntheticNodeEvents.AppendAsync(node.Journal, Take(events, 1_000));
        await node.WaitShippedAsync();

        Assert.Equal(0, node.Shipper.UnshippedBytes);
        IReadOnlyList<IEvent> remote = await ShippingHarness.ReadStreamAsync(_db.ConnectionString, node.Shipper.StreamKey);
        Assert.Equal(Enumerable.Range(1, 3_000).Select(i => (long)i), remote.Select(e => e.Version));
    }

    [Fact]
    public async Task RunAsync_SecondWriterOnSameIncarnation_StopsWithConflictAndOverwritesNothing()
    {
        await using ShippingHarness original = await ShippingHarness.CreateAsync();
        await SyntheticNodeEvents.AppendAsync(original.Journal, SyntheticNodeEvents.Churn("i-twin", 500, "10.4.0.10"));
        await original.CloseJournalAsync();
        string copyDir = original.Directory + "-copy";
        CopyDirectory(original.Directory, copyDir);
        await using ShippingHarness first = await ShippingHarness.CreateAsync(original.Directory);
        await using ShippingHarness copy = await ShippingHarness.CreateAsync(copyDir);
        Assert.Equal(first.Journal.Incarnation, copy.Journal.Incarnation);
        // Both continue the same incarnation with different events (different pods on the "same" node).
        await SyntheticNodeEvents.AppendAsync(first.Journal, SyntheticNodeEvents.Churn("i-twin-a", 300, "10.4.1.10"));
        await SyntheticNodeEvents.AppendAsync(copy.Journal, SyntheticNodeEvents.Churn("i-twin-b", 300, "10.4.2.10"));

        first.StartShipping(_db.ConnectionString, "node-twin");
        await first.WaitShippedAsync();
        copy.StartShipping(_db.ConnectionString, "node-twin");
        await Poll.UntilAsync(() => copy.Shipper!.State == ShippingState.Conflict, "the copy to detect the second writer", ShippingHarness.Patience);

        Assert.Equal(1, copy.Metrics.Conflict.Value);
        Assert.Contains("two writers", copy.Shipper!.Conflict!.Message, StringComparison.Ordinal);
        IReadOnlyList<IEvent> remote = await ShippingHarness.ReadStreamAsync(_db.ConnectionString, first.Shipper!.StreamKey);
        List<Guid> firstIds = [];
        first.Journal.ReadAll(0, r => firstIds.Add(r.EventId));
        Assert.Equal(firstIds, remote.Select(e => e.Id));
    }

    [Fact]
    public async Task RestoreLostEventsAsync_JournalEmptiedButShipped_RestoresSameEventsAtSameLsnsAndSaysSo()
    {
        await using ShippingHarness node = await ShippingHarness.CreateAsync();
        await node.CloseJournalAsync();
        string backup = node.Directory + "-backup";
        CopyDirectory(node.Directory, backup); // the disk as it will be after losing its events: the incarnation, no event

        await using ShippingHarness full = await ShippingHarness.CreateAsync(node.Directory);
        await SyntheticNodeEvents.AppendAsync(full.Journal, SyntheticNodeEvents.Churn("i-lostdisk", 1_700, "10.5.0.10"));
        full.StartShipping(_db.ConnectionString, "node-lostdisk");
        await full.WaitShippedAsync();
        List<JournalRecord> before = [];
        full.Journal.ReadAll(0, r => before.Add(r with { Payload = r.Payload.ToArray() }));
        await full.CloseJournalAsync();
        Directory.Delete(node.Directory, recursive: true);
        Directory.Move(backup, node.Directory);

        var log = new LogLines();
        ClusterRestoreReport report;
        await using (NodeJournal emptied = await NodeJournal.OpenAsync(node.Directory, new JournalOptions { SegmentBytes = 4L << 20 }, CancellationToken.None))
        {
            Assert.True(ClusterStoreRecovery.LostItsEvents(emptied));
            report = await ClusterStoreRecovery.RestoreLostEventsAsync(emptied, _db.ConnectionString, "node-lostdisk", log, CancellationToken.None);
        }

        Assert.Equal(ClusterRestoreOutcome.Restored, report.Outcome);
        Assert.Equal(0, report.LocalLsnBefore);
        Assert.Equal(1_700, report.Restored);
        Assert.Contains(log.Lines, l => l.Contains("holds no events: its contents were lost", StringComparison.Ordinal));
        Assert.Contains(log.Lines, l => l.StartsWith("Critical JOURNAL RESTORED FROM POSTGRESQL", StringComparison.Ordinal) && l.Contains("1700 events copied back", StringComparison.Ordinal));
        JournalReader reader = JournalReader.Open(node.Directory);
        List<JournalRecord> after = [];
        reader.ReadAll(0, r => after.Add(r with { Payload = r.Payload.ToArray() }));
        Assert.Equal(before.Count, after.Count);
        for (int i = 0; i < before.Count; i++)
        {
            Assert.Equal((before[i].Lsn, before[i].EventId, before[i].Type, before[i].TimestampMicros), (after[i].Lsn, after[i].EventId, after[i].Type, after[i].TimestampMicros));
            Assert.True(before[i].Payload.Span.SequenceEqual(after[i].Payload.Span), $"payload of LSN {before[i].Lsn} differs after restore");
        }
    }

    [Fact]
    public async Task RestoreLostEventsAsync_JournalHoldsEvents_ServesItWithoutAskingPostgres()
    {
        await using ShippingHarness node = await ShippingHarness.CreateAsync();
        await SyntheticNodeEvents.AppendAsync(node.Journal, SyntheticNodeEvents.Churn("i-kept", 10, "10.5.1.10"));
        var log = new LogLines();

        // A connection string nothing listens on: asking would fail, so UpToDate proves it was not asked.
        ClusterRestoreReport report = await ClusterStoreRecovery.RestoreLostEventsAsync(node.Journal, "Host=127.0.0.1;Port=1;Username=none", "node-kept", log, CancellationToken.None);

        Assert.False(ClusterStoreRecovery.LostItsEvents(node.Journal));
        Assert.Equal(ClusterRestoreOutcome.UpToDate, report.Outcome);
        Assert.Empty(log.Lines);
    }

    private static IEnumerable<T> Take<T>(IEnumerator<T> source, int count)
    {
        for (int i = 0; i < count && source.MoveNext(); i++)
        {
            yield return source.Current;
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            if (Path.GetFileName(file) != "LOCK")
            {
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            }
        }
    }
}
