using EsCni.Journal;
using EsCni.ClusterStore;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Logging;
using NodeJournal = EsCni.Journal.Journal;

namespace EsCni.ClusterStore.Shipping;

/// <summary>
/// Ships one journal incarnation into its cluster-store stream (reference/journal.md §6.6). The journal is the
/// outbox: nothing is buffered in memory, the remote stream version is the checkpoint (version == LSN), and every
/// doubt — a timeout, a dropped connection, a version conflict — is settled by re-reading the stream and comparing
/// event ids with the local frames, never by blind retry.
/// </summary>
public sealed partial class NodeStreamShipper
{
    private readonly NodeJournal _journal;
    private readonly IDocumentStore _store;
    private readonly ShippingOptions _options;
    private readonly ShippingMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private long _shipped = -1;        // remote stream version as last known; -1 = in doubt, re-read before appending
    private long _verified;            // highest LSN known to hold *our* event remotely (own commit or id comparison)
    private long _measuredUpTo;        // records up to here have been added to _unshippedBytes
    private long _unshippedBytes;      // frame bytes in (_shipped or FirstLsn-1, _measuredUpTo]
    private bool _lastFailureWasDuplicateId;
    private DateTimeOffset _lastRetention;
    private volatile ShippingState _state = ShippingState.Starting;

    /// <summary>Creates a shipper of <paramref name="journal"/> as node <paramref name="node"/>; call <see cref="RunAsync"/>.</summary>
    public NodeStreamShipper(NodeJournal journal, IDocumentStore store, string node, ShippingOptions options, ShippingMetrics metrics, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _journal = journal;
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options;
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        Node = node;
        StreamKey = ClusterStreams.KeyFor(node, journal.Incarnation);
        _lastRetention = time.GetUtcNow();
        _measuredUpTo = journal.FirstLsn - 1;
    }

    /// <summary>The node name in the stream key.</summary>
    public string Node { get; }

    /// <summary><c>escni-node:&lt;node&gt;:&lt;incarnation&gt;</c>.</summary>
    public string StreamKey { get; }

    /// <summary>Highest LSN known to be in the cluster store (-1 while in doubt).</summary>
    public long ShippedLsn => Volatile.Read(ref _shipped);

    /// <summary>Frame bytes durable locally and not yet known to be shipped.</summary>
    public long UnshippedBytes => Volatile.Read(ref _unshippedBytes);

    /// <summary>Where the shipper stands.</summary>
    public ShippingState State => _state;

    /// <summary>Why shipping stopped when <see cref="State"/> is <see cref="ShippingState.Conflict"/>.</summary>
    public ShippingConflictException? Conflict { get; private set; }

    /// <summary>
    /// Ships until cancelled. Failures are retried with backoff (PostgreSQL down for hours costs only a growing
    /// backlog); a two-writers conflict stops shipping, raises the alarm and keeps only the backlog metric alive.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        TimeSpan backoff = _options.MinBackoff;
        while (!ct.IsCancellationRequested)
        {
            MeasureBacklog();
            if (_state == ShippingState.Conflict)
            {
                await DelayAsync(_options.MaxBackoff, ct).ConfigureAwait(false);
                continue;
            }

            bool more;
            try
            {
                if (_shipped < 0)
                {
                    await SyncAsync(ct).ConfigureAwait(false);
                }

                more = await ShipBatchAsync(ct).ConfigureAwait(false);
                backoff = _options.MinBackoff;
                await RetainAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (ShippingConflictException ex)
            {
                RaiseConflict(ex);
                continue;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Volatile.Write(ref _shipped, -1); // outcome unknown: re-read the stream before appending again
                _lastFailureWasDuplicateId = IsDuplicateEventId(ex);
                _metrics.ShippingErrors.Inc();
                if (_state != ShippingState.Unavailable)
                {
                    LogUnavailable(_logger, StreamKey, ex.GetType().Name, ex.Message, backoff.TotalSeconds);
                }

                _state = ShippingState.Unavailable;
                await DelayAsync(Jitter(backoff), ct).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
                continue;
            }

            if (!more)
            {
                await DelayAsync(_options.PollInterval, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Ships what is durable now, up to one batch; true when more is waiting.</summary>
    private async Task<bool> ShipBatchAsync(CancellationToken ct)
    {
        long from = _shipped;
        long last = Math.Min(_journal.LastLsn, _measuredUpTo); // only records already counted in the backlog, so subtracting them keeps it exact
        if (last <= from)
        {
            MarkCaughtUp();
            return false;
        }

        long to = Math.Min(last, from + _options.BatchEvents);
        List<ShippedEvent> batch = new((int)(to - from));
        long bytes = 0;
        _journal.ReadAll(from, record =>
        {
            batch.Add(ShippedEventMapping.ToShipped(record, Node, _journal.Incarnation));
            bytes += FrameBytes(record.Payload.Length);
        }, to);

        await using (IDocumentSession session = _store.LightweightSession())
        {
            object[] events = new object[batch.Count];
            for (int i = 0; i < batch.Count; i++)
            {
                IEvent e = session.Events.BuildEvent(batch[i]);
                e.Id = batch[i].EventId;
                e.Timestamp = batch[i].At;
                events[i] = e;
            }

            if (from == 0)
            {
                session.Events.StartStream(StreamKey, events);
            }
            else
            {
                session.Events.Append(StreamKey, to, events); // Marten's expected version is the version *after* the append
            }

            await session.SaveChangesAsync(ct).ConfigureAwait(false);
        }

        Advance(to, bytes);
        _metrics.ShippedEvents.Inc(batch.Count);
        _state = to < _journal.LastLsn ? ShippingState.Shipping : ShippingState.CaughtUp;
        return to < last;
    }

    private void Advance(long to, long bytes)
    {
        _verified = to;
        Volatile.Write(ref _shipped, to);
        Interlocked.Add(ref _unshippedBytes, -bytes);
        _metrics.ShippedLsn.Set(to);
        _metrics.UnshippedBytes.Set(UnshippedBytes);
    }

    private void MarkCaughtUp()
    {
        if (_state != ShippingState.CaughtUp)
        {
            _state = ShippingState.CaughtUp;
        }
    }

    /// <summary>Hands the shipped LSN to the journal's retention as its floor (it also keeps what snapshots need).</summary>
    private async Task RetainAsync(CancellationToken ct)
    {
        DateTimeOffset now = _time.GetUtcNow();
        if (now - _lastRetention < _options.RetentionInterval || _shipped <= 0)
        {
            return;
        }

        _lastRetention = now;
        int deleted = await _journal.DeleteSegmentsBelowAsync(_shipped, ct).ConfigureAwait(false);
        if (deleted > 0)
        {
            LogRetention(_logger, deleted, _shipped);
        }
    }

    private void RaiseConflict(ShippingConflictException ex)
    {
        Conflict = ex;
        _state = ShippingState.Conflict;
        _metrics.Conflict.Set(1);
        LogConflict(_logger, ex.Message);
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken ct) => Task.Delay(delay, _time, ct).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private static TimeSpan Jitter(TimeSpan backoff) => backoff * (0.75 + (Random.Shared.NextDouble() * 0.5));

    /// <summary>Size of a record's frame on disk: 48-byte header + payload, 8-aligned (docs/journal-format.md).</summary>
    internal static long FrameBytes(int payloadLength) => (48 + payloadLength + 7) & ~7L;
}
