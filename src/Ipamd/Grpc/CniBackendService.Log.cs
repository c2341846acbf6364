namespace EsCni.Ipamd.Grpc;

/// <summary>Log messages of the CNI backend; the request id matches the journal event's cause.</summary>
public sealed partial class CniBackendService
{
    [LoggerMessage(EventId = LogEventIds.AddNetwork, Level = LogLevel.Information, Message = "ADD {RequestId} {Key} pod {Pod} -> {Ip} on {EniId} (existing: {Existing})")]
    private partial void LogAdd(string requestId, string key, string pod, string ip, string eniId, bool existing);

    [LoggerMessage(EventId = LogEventIds.AddNetworkRejected, Level = LogLevel.Warning, Message = "ADD {RequestId} {Key} refused: {Reason}")]
    private partial void LogAddRejected(string requestId, string key, string reason);

    [LoggerMessage(EventId = LogEventIds.DelNetwork, Level = LogLevel.Information, Message = "DEL {RequestId} {Key} released {Ip} ({Reason})")]
    private partial void LogDel(string requestId, string key, string ip, ReleaseReason reason);

    [LoggerMessage(EventId = LogEventIds.GcReleased, Level = LogLevel.Information, Message = "GC {RequestId} released {Key} ({Ip}): not in the runtime's valid attachments")]
    private partial void LogGcReleased(string requestId, string key, string ip);

    [LoggerMessage(EventId = LogEventIds.VersionMismatch, Level = LogLevel.Warning, Message = "refused a plugin of version '{ClientVersion}'; this daemon is '{DaemonVersion}'")]
    private partial void LogVersionMismatch(string clientVersion, string daemonVersion);
}
