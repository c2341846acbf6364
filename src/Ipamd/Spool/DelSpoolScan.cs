namespace EsCni.Ipamd.Spool;

/// <summary>
/// Applies DELs spooled while the daemon runs (a plugin that gave up during a stall, or a restart's last moments):
/// one directory listing every ESCNI_SPOOL_SCAN_S. The start path applies the spool before serving; this catches the rest.
/// </summary>
internal sealed partial class DelSpoolScan : BackgroundService
{
    private readonly DelSpool _spool;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ILogger<DelSpoolScan> _logger;

    public DelSpoolScan(DelSpool spool, TimeProvider time, IpamdSettings settings, ILogger<DelSpoolScan> logger)
    {
        _spool = spool;
        _time = time;
        _interval = settings.Daemon.SpoolScanInterval;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                int consumed = await _spool.ApplyAllAsync(stoppingToken).ConfigureAwait(false);
                if (consumed > 0)
                {
                    LogScanned(consumed, _spool.Directory);
                }
            }
        }
        catch (PoolUnavailableException)
        {
            // The journal failed and the daemon is stopping; the entries stay for the next start.
        }
    }

    [LoggerMessage(EventId = LogEventIds.DeferredDelScanned, Level = LogLevel.Information, Message = "applied {Count} DEL(s) spooled in {Directory} while running")]
    private partial void LogScanned(int count, string directory);
}
