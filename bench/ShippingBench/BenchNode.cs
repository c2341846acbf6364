using System.Collections.Concurrent;
using System.Diagnostics;
using EsCni.Domain.Events;
using EsCni.Ipamd.Metrics;
using EsCni.ClusterStore;
using EsCni.ClusterStore.Shipping;
using EsCni.Journal;
using EsCni.Testing;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using NodeJournal = EsCni.Journal.Journal;

namespace EsCni.Bench.Shipping;

/// <summary>One simulated node: its own journal, its own churn, its own shipper (with its own one-connection store).</summary>
internal sealed class BenchNode : IAsyncDisposable
{
    private readonly IEnumerator<DomainEvent> _events;
    private readonly ConcurrentQueue<(long Lsn, long Ticks)> _pending = new(); // durable-at times of LSNs not yet seen shipped
    private readonly CancellationTokenSource _cts = new();
    private DocumentStore? _store;
    private Task? _run;

    private BenchNode(string name, string directory, NodeJournal journal, IEnumerator<DomainEvent> events)
    {
        Name = name;
        Directory = directory;
        Journal = journal;
        _events = events;
    }

    public string Name { get; }

    public string Directory { get; }

    public NodeJournal Journal { get; }

    public NodeStreamShipper? Shipper { get; private set; }

    public string FirstIp { get; private init; } = "";

    public static async Task<BenchNode> CreateAsync(string root, int index, int totalEvents, JournalOptions options)
    {
        string name = $"node-{index:D4}";
        string dir = Path.Combine(root, name);
        NodeJournal journal = await NodeJournal.OpenAsync(dir, options, CancellationToken.None);
        string firstIp = $"10.{100 + (index / 250)}.{index % 250}.10";
        IEnumerator<DomainEvent> events = SyntheticNodeEvents.Churn("i-" + name, totalEvents, firstIp).GetEnumerator();
        return new BenchNode(name, dir, journal, events) { FirstIp = firstIp };
    }

    /// <summary>Appends <paramref name="count"/> events in batches (a node's backlog before shipping starts).</summary>
    public Task AppendBacklogAsync(int count, int batch) => SyntheticNodeEvents.AppendAsync(Journal, Take(count), batch);

    /// <summary>Appends one event and remembers when it became durable (for ship lag).</summary>
    public async Task AppendOneAsync()
    {
        if (!_events.MoveNext())
        {
            return;
        }

        await SyntheticNodeEvents.AppendAsync(Journal, [_events.Current], batch: 1);
        _pending.Enqueue((Journal.LastLsn, Stopwatch.GetTimestamp()));
    }

    /// <summary>Moves LSNs now shipped from the pending queue into <paramref name="lags"/> (ms).</summary>
    public void CollectLags(List<double> lags, long now)
    {
        long shipped = Shipper?.ShippedLsn ?? -1;
        while (_pending.TryPeek(out var p) && p.Lsn <= shipped)
        {
            _pending.TryDequeue(out _);
            lags.Add(Stopwatch.GetElapsedTime(p.Ticks, now).TotalMilliseconds);
        }
    }

    public void StartShipping(string connectionString, ShippingOptions options)
    {
        _store = ClusterDocumentStore.Open(connectionString, ClusterStoreRole.Shipper);
        var metrics = new ShippingMetrics(new IpamdMetrics(new CollectorRegistry()).JournalUnshippedBytes, new CollectorRegistry());
        Shipper = new NodeStreamShipper(Journal, _store, Name, options, metrics, NullLogger.Instance, TimeProvider.System);
        _run = Task.Run(() => Shipper.RunAsync(_cts.Token));
    }

    public bool CaughtUp => Shipper is not null && Shipper.ShippedLsn == Journal.LastLsn;

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        if (_run is not null)
        {
            await _run;
        }

        _store?.Dispose();
        await Journal.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
        _cts.Dispose();
    }

    private IEnumerable<DomainEvent> Take(int count)
    {
        for (int i = 0; i < count && _events.MoveNext(); i++)
        {
            yield return _events.Current;
        }
    }
}
