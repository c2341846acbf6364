using Microsoft.Extensions.Logging;

namespace EsCni.ClusterStore.Shipping;

/// <summary>Log messages of <see cref="NodeStreamShipper"/>.</summary>
public sealed partial class NodeStreamShipper
{
    [LoggerMessage(EventId = ShippingLogEventIds.Synced, Level = LogLevel.Information, Message = "cluster store stream {StreamKey} holds LSNs up to {RemoteLsn}; local journal ends at LSN {LocalLsn}; shipping from there")]
    private static partial void LogSynced(ILogger logger, string streamKey, long remoteLsn, long localLsn);

    [LoggerMessage(EventId = ShippingLogEventIds.Unavailable, Level = LogLevel.Warning, Message = "shipping {StreamKey} to PostgreSQL failed ({ErrorType}: {Error}); the journal keeps every unshipped event, retrying in about {Seconds:F0} s with backoff (see escni_journal_unshipped_bytes)")]
    private static partial void LogUnavailable(ILogger logger, string streamKey, string errorType, string error, double seconds);

    [LoggerMessage(EventId = ShippingLogEventIds.Conflict, Level = LogLevel.Critical, Message = "SHIPPING STOPPED: {Message}")]
    private static partial void LogConflict(ILogger logger, string message);

    [LoggerMessage(EventId = ShippingLogEventIds.Retention, Level = LogLevel.Information, Message = "journal retention deleted {Segments} segment(s) below shipped LSN {ShippedLsn}")]
    private static partial void LogRetention(ILogger logger, int segments, long shippedLsn);
}
