using EsCni.ClusterStore.Shipping;
using EsCni.Journal;
using EsCni.ClusterStore;
using EsCni.Testing;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using NodeJournal = EsCni.Journal.Journal;

namespace EsCni.Testing;

/// <summary>One node for shipping tests: a real journal in a temp directory and a shipper running against a real PostgreSQL.</summary>
public sealed class ShippingHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private DocumentStore? _store;
    private Task? _run;

    private ShippingHarness(string directory, NodeJournal journal)
    {
        Directory = directory;
        Journal = journal;
        Metrics = new ShippingMetrics(
            Prometheus.Metrics.WithCustomRegistry(new CollectorRegistry()).CreateGauge("escni_journal_unshipped_bytes", "the daemon's gauge, here the harness's own"),
            new CollectorRegistry());
    }

    public string Directory { get; }

    public NodeJournal Journal { get; private set; }

    public ShippingMetrics Metrics { get; }

    public NodeStreamShipper? Shipper { get; private set; }

    public static async Task<ShippingHarness> CreateAsync(string? directory = null)
    {
        string dir = directory ?? Path.Combine(Path.GetTempPath(), "escni-ship-" + Guid.NewGuid().ToString("N")[..12]);
        NodeJournal journal = await NodeJournal.OpenAsync(dir, new JournalOptions { SegmentBytes = 4L << 20 }, CancellationToken.None);
        return new ShippingHarness(dir, journal);
    }

    public static ShippingOptions FastOptions => new()
    {
        PollInterval = TimeSpan.FromMilliseconds(20),
        MinBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(400),
    };

    public void StartShipping(string connectionString, string node, ShippingOptions? options = null)
    {
        _store = ClusterDocumentStore.Open(connectionString, ClusterStoreRole.Shipper);
        Shipper = new NodeStreamShipper(Journal, _store, node, options ?? FastOptions, Metrics, NullLogger.Instance, TimeProvider.System);
        _run = Shipper.RunAsync(_cts.Token);
    }

    /// <summary>The bound of a shipping test's wait: PostgreSQL on a busy machine takes its time.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public Task WaitShippedAsync(int seconds = 60) =>
        Poll.UntilAsync(() => Shipper!.ShippedLsn == Journal.LastLsn, $"shipped LSN to reach {Journal.LastLsn}", TimeSpan.FromSeconds(seconds));

    /// <summary>The whole remote stream, read directly (not through the proxy).</summary>
    public static async Task<IReadOnlyList<IEvent>> ReadStreamAsync(string connectionString, string key)
    {
        using DocumentStore store = ClusterDocumentStore.Open(connectionString, ClusterStoreRole.Reader);
        await using IQuerySession query = store.QuerySession();
        return await query.Events.FetchStreamAsync(key);
    }

    public async Task StopShippingAsync()
    {
        await _cts.CancelAsync();
        if (_run is not null)
        {
            await _run;
        }

        _store?.Dispose();
        _store = null;
    }

    /// <summary>Closes the journal (keeps the directory).</summary>
    public async Task CloseJournalAsync()
    {
        await StopShippingAsync();
        await Journal.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await CloseJournalAsync();
        _cts.Dispose();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
