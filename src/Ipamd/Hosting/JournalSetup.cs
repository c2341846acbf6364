using EsCni.Journal;

namespace EsCni.Ipamd.Hosting;

/// <summary>The journal's options for the daemon: its diagnostics go to the log, its latencies to the metrics.</summary>
internal static partial class JournalSetup
{
    public static JournalOptions Options(DaemonOptions daemon, ILoggerFactory loggerFactory, Metrics.IpamdMetrics? metrics = null, SegmentIndexing? indexing = null)
    {
        ILogger logger = loggerFactory.CreateLogger("EsCni.Journal");
        return new JournalOptions
        {
            SegmentBytes = (long)daemon.JournalSegmentMiB << 20,
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
