using System.Diagnostics;
using EsCni.Ipamd.HostRepair;
using EsCni.Ipamd.Spool;
using EsCni.Projections.Replay;
using EsCni.ClusterStore.Shipping;
using EsCni.Journal;

namespace EsCni.Ipamd.Hosting;

/// <summary>
/// Runs the daemon (DESIGN.md §5): take the journal lock → recover (once) → rebuild the pool → apply the DEL spool → serve →
/// background work (IMDS, EC2 reconcile, warm pool, host networking, shipping) → on SIGTERM drain RPCs and record
/// NodeStopped. PostgreSQL is asked before serving only when the journal exists but lost every event.
/// </summary>
public static partial class DaemonRunner
{
    /// <summary>Exit code when the journal is held by another process.</summary>
    public const int ExitJournalLocked = 3;

    /// <summary>Exit code when the journal is corrupt or cannot be rebuilt into a pool.</summary>
    public const int ExitJournalCorrupt = 4;

    /// <summary>Exit code when the journal directory cannot be opened or written at start (full disk, read-only, permissions).</summary>
    public const int ExitJournalUnavailable = 5;

    /// <summary>Exit code when the journal failed while running (fsync/write error).</summary>
    public const int ExitJournalFailed = 70;

    /// <summary>Runs until SIGTERM/SIGINT or a fatal journal failure; returns the process exit code.</summary>
    public static async Task<int> RunAsync(IpamdSettings settings, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(stderr);
        DateTime processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();
        using ILoggerFactory loggerFactory = DaemonLogging.CreateFactory(settings.Daemon);
        ILogger logger = loggerFactory.CreateLogger("EsCni.Ipamd");
        var metrics = new IpamdMetrics();
        LogStarting(logger, BuildInfo.Version, settings.Daemon.JournalDirectory, settings.Daemon.SocketPath);

        NodeJournal journal;
        RecoveredPool recovered;
        SegmentIndexing indexing = new(settings.Daemon.JournalDirectory, loggerFactory.CreateLogger("EsCni.Journal.Indexing"));
        await using var indexingScope = indexing.ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(settings.Daemon.JournalDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            journal = await NodeJournal.OpenAsync(settings.Daemon.JournalDirectory, JournalSetup.Options(settings.Daemon, loggerFactory, metrics, indexing), cancellationToken).ConfigureAwait(false);
            if (settings.Daemon.PostgresConnectionString is { } store && ClusterStoreRecovery.LostItsEvents(journal))
            {
                // Only a journal that exists but lost every event waits for the cluster store before serving; any
                // other start serves from the local journal at once and leaves PostgreSQL to the shipper.
                await RestoreAsync(journal, store, settings.Daemon.NodeName, loggerFactory, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JournalLockedException ex)
        {
            await stderr.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitJournalLocked;
        }
        catch (JournalException ex)
        {
            await stderr.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return ExitJournalCorrupt;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not corruption: the disk under the hostPath is full, read-only or not ours. Nothing was acknowledged
            // from a journal we could not open, so nothing is lost by refusing to start.
            await stderr.WriteLineAsync($"escni-ipamd cannot open its journal in {settings.Daemon.JournalDirectory}: {ex.Message}. "
                + "Check that the volume behind ESCNI_JOURNAL_DIR has free space and is writable by root; the daemon starts once it is.").ConfigureAwait(false);
            return ExitJournalUnavailable;
        }

        await using (journal.ConfigureAwait(false))
        {
            try
            {
                JournalVersionMarker.CheckAndRecord(settings.Daemon.JournalDirectory);
                recovered = PoolRecovery.Recover(journal, cancellationToken);
                // An IPv6 node says so before its first IPv6 event: a pre-IPv6 build then refuses the journal at the
                // VERSION check instead of at that event (journal-format.md §8.4).
                JournalVersionMarker.RaiseSnapshotFormat(settings.Daemon.JournalDirectory,
                    settings.Ipv6 ? NodePoolSnapshot.Ipv6FormatVersion : NodePoolSnapshot.FormatOf(recovered.Pool));
            }
            catch (Exception ex) when (ex is PoolRecoveryException or JournalVersionException)
            {
                await stderr.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return ExitJournalCorrupt;
            }

            // Recovery streamed the whole journal through transient buffers; return that memory before serving so the
            // daemon's footprint on the node is the pool's, not the replay's (RSS at 1M events: docs/benchmarks.md).
            GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            LogRecovered(logger, journal.Recovery.LastLsn, recovered.SnapshotLsn, recovered.EventsReplayed, recovered.Duration.TotalMilliseconds);
            indexing.Request(); // segments sealed before this start (by an older build, or whose index was lost)
            return await ServeAsync(settings, journal, recovered, loggerFactory, metrics, processStart, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task RestoreAsync(NodeJournal journal, string store, string? nodeName, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        try
        {
            await ClusterStoreRecovery.RestoreLostEventsAsync(journal, store, nodeName,
                loggerFactory.CreateLogger("EsCni.ClusterStore.Shipping"), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await journal.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<int> ServeAsync(IpamdSettings settings, NodeJournal journal, RecoveredPool recovered, ILoggerFactory loggerFactory, IpamdMetrics metrics, DateTime processStart, CancellationToken cancellationToken)
    {
        ILogger logger = loggerFactory.CreateLogger("EsCni.Ipamd");
        int exitCode = 0;
        WebApplication? app = null;
        var pool = new DurableNodePool(journal, recovered.Pool, settings.Daemon.SnapshotEvery, loggerFactory.CreateLogger<DurableNodePool>(), failure =>
        {
            exitCode = ExitJournalFailed;
            app?.Lifetime.StopApplication();
        })
        {
            SnapshotFormatStoring = format => JournalVersionMarker.RaiseSnapshotFormat(settings.Daemon.JournalDirectory, format),
        };
        await using (pool.ConfigureAwait(false))
        {
            // DELs the plugin spooled while the daemon was down are released before any ADD can be served (DESIGN.md §5).
            using var spool = new DelSpool(settings.Daemon.SpoolDirectory, pool, TimeProvider.System, loggerFactory.CreateLogger<DelSpool>());
            int spooled;
            try
            {
                spooled = await spool.ApplyAllAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PoolUnavailableException)
            {
                return ExitJournalFailed; // the journal failed while journaling a spooled release; the pool logged why
            }

            LogSpoolApplied(logger, spooled, spool.Directory);

            await HoldHostEvidenceAsync(pool, settings.Ipv6, logger, cancellationToken).ConfigureAwait(false);
            app = DaemonApplication.Build(settings, journal, pool, recovered, metrics, spool);
            UnixSocket.PrepareDirectory(settings.Daemon.SocketPath);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            UnixSocket.RestrictMode(settings.Daemon.SocketPath);

            // Measured from process start, as the VPC CNI's startup histogram is: what kubelet actually waits for.
            TimeSpan timeToReady = DateTime.UtcNow - processStart;
            app.Services.GetRequiredService<DaemonReadiness>().MarkServing(timeToReady);
            metrics.StartupSeconds.Set(timeToReady.TotalSeconds);
            LogReady(logger, timeToReady.TotalMilliseconds, recovered.Pool.LastLsn, settings.Daemon.SocketPath);

            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            LogStopping(logger);

            // Kestrel has drained in-flight RPCs by now; record the clean stop so a replay can tell it from a crash.
            if (pool.Failure is null)
            {
                TimeProvider time = app.Services.GetRequiredService<TimeProvider>();
                await pool.SubmitAsync(new StopNode(time.GetUtcNow(), Cause.Of(CauseKind.Startup), "SIGTERM"), CancellationToken.None).ConfigureAwait(false);
            }

            await app.DisposeAsync().ConfigureAwait(false);
        }

        UnixSocket.Remove(settings.Daemon.SocketPath);
        return exitCode;
    }

    // Before the socket exists, so no ADD can be served one of the IPs running pods already use (an empty or lost
    // journal next to live pods). Host reads only, no EC2: it costs a few `ip -json` calls. A failed read does not
    // stop the start; the host loop scans again on its first pass.
    // In IPv6 mode the IPv6 pods' /128 routes move the cursor past them too, when the journal knows the /80 (a lost
    // journal learns it from IMDS after serving starts; that adoption scans the host at once, PoolMaintenanceLoop.Ipv6.cs).
    private static async Task HoldHostEvidenceAsync(DurableNodePool pool, bool ipv6, ILogger logger, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            var routes = new PodHostRoutes(HostCommandRunner.Host);
            IReadOnlyList<Ipv4Address> held = await new HostEvidenceGuard().ScanAsync(pool, routes, TimeProvider.System.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            if (ipv6 && await HostEvidenceGuard.ScanIpv6Async(pool, routes, TimeProvider.System.GetUtcNow(), cancellationToken).ConfigureAwait(false) is { } advanced)
            {
                LogHostEvidenceIpv6(logger, advanced.NextOffset, advanced.Evidence);
            }

            LogHostEvidence(logger, held.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds, string.Join(", ", held));
        }
        catch (HostCommandFailedException ex)
        {
            LogHostEvidenceFailed(logger, ex.Message, ex);
        }
    }

    [LoggerMessage(EventId = LogEventIds.HostEvidenceHeld, Level = LogLevel.Information, Message = "host evidence at start: {Count} IPs in use by pods the journal does not know are held ({Milliseconds:F1} ms): {Ips}")]
    private static partial void LogHostEvidence(ILogger logger, int count, double milliseconds, string ips);

    [LoggerMessage(EventId = LogEventIds.HostEvidenceHeld, Level = LogLevel.Information, Message = "host evidence at start: the IPv6 cursor moves to offset {NextOffset}, past every address running pods use: {Evidence}")]
    private static partial void LogHostEvidenceIpv6(ILogger logger, ulong nextOffset, string evidence);

    [LoggerMessage(EventId = LogEventIds.HostEvidenceHeld, Level = LogLevel.Error, Message = "host evidence scan at start failed: {Reason}; the host loop scans again on its first pass, until then a running pod's IP is not protected")]
    private static partial void LogHostEvidenceFailed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(EventId = LogEventIds.Starting, Level = LogLevel.Information, Message = "escni-ipamd {Version} starting: journal {JournalDirectory}, socket {Socket}")]
    private static partial void LogStarting(ILogger logger, string version, string journalDirectory, string socket);

    [LoggerMessage(EventId = LogEventIds.Recovered, Level = LogLevel.Information, Message = "journal recovered to LSN {LastLsn}: snapshot at LSN {SnapshotLsn}, {Replayed} events replayed in {Milliseconds:F1} ms")]
    private static partial void LogRecovered(ILogger logger, long lastLsn, long snapshotLsn, long replayed, double milliseconds);

    [LoggerMessage(EventId = LogEventIds.DeferredDelScanned, Level = LogLevel.Information, Message = "applied {Count} DEL(s) spooled in {Directory} while the daemon was down, before serving")]
    private static partial void LogSpoolApplied(ILogger logger, int count, string directory);

    [LoggerMessage(EventId = LogEventIds.Ready, Level = LogLevel.Information, Message = "ready in {Milliseconds:F0} ms: serving CNI requests from the pool at LSN {Lsn} on {Socket}")]
    private static partial void LogReady(ILogger logger, double milliseconds, long lsn, string socket);

    [LoggerMessage(EventId = LogEventIds.Stopping, Level = LogLevel.Information, Message = "stopping: in-flight requests drained, recording NodeStopped")]
    private static partial void LogStopping(ILogger logger);
}
