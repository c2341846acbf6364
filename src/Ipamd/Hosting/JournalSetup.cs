using EsCni.Journal;

namespace EsCni.Ipamd.Hosting;

/// <summary>The journal's options for the daemon: its diagnostics go to the log, its latencies to the metrics.</summary>
internal static partial class JournalSetup
{
    /// <summary>
    /// Event ids the daemon's journal remembers beyond those since its newest snapshot (which are all kept). The pool's
    /// ids are derived from its decisions and it never retries an id it recovered, so the journal's 100,000 default
    /// only held ~9 MB of heap (a third of the daemon's anonymous memory at 1M events: docs/benchmarks.md).
    /// </summary>
    internal const int IdempotencyWindow = 10_000;

    public static JournalOptions Options(DaemonOptions daemon, ILoggerFactory loggerFactory, Metrics.IpamdMetrics? metrics = null, SegmentIndexing? indexing = null)
    {
        ILogger logger = loggerFactory.CreateLogger("EsCni.Journal");
        return new JournalOptions
        {
            SegmentBytes = (long)daemon.JournalSegmentMiB << 20,
            IdempotencyWindow = IdempotencyWindow,
            Diagnostics = diagnostic => Log(logger, diagnostic),
            AppendLatency = metrics is null ? null : metrics.ObserveJournalAppend,
            SyncLatency = metrics is null ? null : metrics.ObserveJournalSync,
            SegmentSealed = indexing is null ? null : indexing.OnSealed,
        };
    }

    private static void Log(ILogger logger, JournalDiagnostic diagnostic)
    {
        if (diagnostic.Kind == JournalDiagnosticKind.Opened)
        {
            LogOpened(logger, diagnostic.Message, diagnostic.Duration.TotalMilliseconds);
        }
        else
        {
            LogDiagnostic(logger, diagnostic.Kind.ToString(), diagnostic.Message, diagnostic.Duration.TotalMilliseconds);
        }
    }

    [LoggerMessage(EventId = LogEventIds.JournalOpened, Level = LogLevel.Information, Message = "{Message} in {Milliseconds:F1} ms")]
    private static partial void LogOpened(ILogger logger, string message, double milliseconds);

    [LoggerMessage(EventId = LogEventIds.JournalDiagnostic, Level = LogLevel.Warning, Message = "journal {Kind}: {Message} ({Milliseconds:F1} ms)")]
    private static partial void LogDiagnostic(ILogger logger, string kind, string message, double milliseconds);
}
