using System.Runtime.InteropServices;

namespace EsCni.Ipamd.Hosting;

/// <summary>
/// Hands the native heap's free pages back to the kernel once a minute (glibc <c>malloc_trim(0)</c>), the first time
/// as the daemon starts serving.
/// </summary>
/// <remarks>
/// The runtime's JIT and type loader, OpenSSL (SigV4 signing of EC2 calls) and process spawning (<c>ip</c>,
/// <c>iptables</c>) malloc and free small blocks on many threads; glibc keeps what they free in per-thread arenas,
/// so VmRSS grew ~9 MB in the first 30 s after ready with a third of it live (docs/benchmarks.md, "Daemon RSS").
/// A trim walks the arenas in well under a millisecond. A libc without <c>malloc_trim</c> (musl) turns it off, once.
/// </remarks>
internal sealed partial class NativeHeapTrim(TimeProvider time, ILogger<NativeHeapTrim> logger) : BackgroundService
{
    /// <summary>Time between trims.</summary>
    internal static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    private int _trims;

    /// <summary>Trims done so far (what the tests observe of the schedule).</summary>
    internal int Trims => Volatile.Read(ref _trims);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        do
        {
            if (!TryTrim())
            {
                return;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>Trims once; false when this libc has no <c>malloc_trim</c> (logged).</summary>
    internal bool TryTrim()
    {
        try
        {
            _ = MallocTrim(0);
            Interlocked.Increment(ref _trims);
            return true;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            LogUnavailable(logger, ex.Message);
            return false;
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [LoggerMessage(EventId = LogEventIds.NativeHeapTrimOff, Level = LogLevel.Information, Message = "native heap trimming off: {Reason}; freed native memory stays with the process")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}
