using EsCni.ClusterStore;
using EsCni.ClusterStore.Shipping;
using Marten;

namespace EsCni.Ipamd.Hosting;

/// <summary>
/// The daemon's background service that ships its journal to the cluster store when <c>ESCNI_POSTGRES</c> is set.
/// It only reads durable records: the CNI request path never waits for it, and PostgreSQL being down costs nothing
/// but a growing <c>escni_journal_unshipped_bytes</c>.
/// </summary>
public sealed partial class JournalShipper : BackgroundService
{
    private readonly NodeJournal _journal;
    private readonly IpamdSettings _settings;
    private readonly ShippingMetrics _metrics;
    private readonly ILogger<JournalShipper> _logger;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;

    /// <summary>Creates the service (resolved from DI in the daemon).</summary>
    public JournalShipper(NodeJournal journal, IpamdSettings settings, IpamdMetrics metrics, ILogger<JournalShipper> logger, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        _lifetime = lifetime ?? throw new ArgumentNullException(nameof(lifetime));
        _journal = journal ?? throw new ArgumentNullException(nameof(journal));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _metrics = new ShippingMetrics(metrics.JournalUnshippedBytes);
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>The running shipper once the node name is known (for introspection and tests).</summary>
    public NodeStreamShipper? Shipper { get; private set; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string connectionString = _settings.Daemon.PostgresConnectionString
            ?? throw new InvalidOperationException("JournalShipper runs only when ESCNI_POSTGRES is set");
        // Off the start path: nothing here (not even building the Marten store) runs before the daemon serves.
        await ServingAsync(stoppingToken).ConfigureAwait(false);
        var options = new ShippingOptions();
        string? nodeName;
        bool warned = false;
        while (!NodeName.TryResolve(_settings.Daemon.NodeName, _journal, out nodeName))
        {
            if (!warned)
            {
                LogNodeNameUnknown(_logger);
                warned = true;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), _time, stoppingToken).ConfigureAwait(false);
        }

        using DocumentStore store = ClusterDocumentStore.Open(connectionString, ClusterStoreRole.Shipper);
        Shipper = new NodeStreamShipper(_journal, store, nodeName, options, _metrics, _logger, _time);
        LogStarted(_logger, Shipper.StreamKey);
        try
        {
            await Shipper.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutdown
        }
    }

    private async Task ServingAsync(CancellationToken stoppingToken)
    {
        TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = ShippingLogEventIds.Started, Level = LogLevel.Information, Message = "shipping the journal to the cluster store as stream {StreamKey}")]
    private static partial void LogStarted(ILogger logger, string streamKey);

    [LoggerMessage(EventId = ShippingLogEventIds.NodeNameUnknown, Level = LogLevel.Information, Message = "shipping waits for the node name: NODE_NAME is unset and the journal has no NodeStarted yet (set NODE_NAME from spec.nodeName in the DaemonSet)")]
    private static partial void LogNodeNameUnknown(ILogger logger);
}
