namespace EsCni.Ipamd.Spool;

/// <summary>Log messages of the DEL spool.</summary>
public sealed partial class DelSpool
{
    [LoggerMessage(EventId = LogEventIds.DeferredDelApplied, Level = LogLevel.Information, Message = "[{RequestId}] deferred DEL {Key}: released {Ip} (spooled by the plugin at {SpooledAt:O} while the daemon was down)")]
    private partial void LogApplied(string requestId, string key, string ip, DateTimeOffset spooledAt);

    [LoggerMessage(EventId = LogEventIds.DeferredDelDropped, Level = LogLevel.Information, Message = "[{RequestId}] deferred DEL {Key}: nothing released, {Why}; entry {Path} dropped")]
    private partial void LogDropped(string requestId, string key, string why, string path);

    [LoggerMessage(EventId = LogEventIds.DeferredDelBadEntry, Level = LogLevel.Warning, Message = "spooled DEL {Path} cannot be applied: {Problem}; moved aside to {Aside} (nothing released; inspect it, and free the IP with CNI GC or an operator release if it was a real DEL)")]
    private partial void LogMovedAside(string path, string problem, string aside);

    [LoggerMessage(EventId = LogEventIds.DeferredDelFailed, Level = LogLevel.Error, Message = "spooled DEL {Path} could not be applied: {Problem}; it stays in the spool and is retried on the next scan")]
    private partial void LogEntryFailed(string path, string problem);

    [LoggerMessage(EventId = LogEventIds.DeferredDelFailed, Level = LogLevel.Error, Message = "the DEL spool {Directory} cannot be read: {Problem}; spooled DELs wait until it can (check ESCNI_SPOOL_DIR's permissions)")]
    private partial void LogSpoolUnreadable(string directory, string problem);
}
