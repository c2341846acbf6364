using EsCni.Domain.RuntimeGc;

namespace EsCni.Ipamd.RuntimeGc;

/// <summary>The runtime GC's log lines (ids 6xx in <see cref="LogEventIds"/>).</summary>
internal sealed partial class RuntimeGcLoop
{
    [LoggerMessage(EventId = LogEventIds.RuntimeGcOff, Level = LogLevel.Information, Message = "runtime GC off: {Reason}; IPs of pods removed while their DEL was lost are released only by CNI GC or an operator")]
    private partial void LogOff(string reason);

    [LoggerMessage(EventId = LogEventIds.RuntimeGcOn, Level = LogLevel.Information,
        Message = "runtime GC on: asking {Socket} every {IntervalSeconds} s; a sandbox must be absent from {Confirmations} consecutive answers over {GraceSeconds} s; at most {MaxReleases} releases per pass")]
    private partial void LogOn(string socket, double intervalSeconds, int confirmations, double graceSeconds, int maxReleases);

    [LoggerMessage(EventId = LogEventIds.RuntimeGcReleased, Level = LogLevel.Warning, Message = "runtime GC released {Ip} from {Key}: {Evidence}")]
    private partial void LogReleased(string ip, string key, string evidence);

    [LoggerMessage(EventId = LogEventIds.RuntimeGcReleased, Level = LogLevel.Information, Message = "runtime GC: nothing to release for {Key}: {Reason}")]
    private partial void LogReleaseMoot(string key, string reason);

    [LoggerMessage(EventId = LogEventIds.RuntimeGcPass, Level = LogLevel.Debug, Message = "runtime GC pass: {Explanation}")]
    private partial void LogPass(string explanation);

    [LoggerMessage(EventId = LogEventIds.RuntimeGcRefused, Level = LogLevel.Warning, Message = "runtime GC: answer not trusted ({Outcome}): {Explanation}")]
    private partial void LogRefused(GcPassOutcome outcome, string explanation);

    [LoggerMessage(EventId = LogEventIds.RuntimeGcRefused, Level = LogLevel.Warning, Message = "runtime GC pass failed: {Reason}; retrying next pass")]
    private partial void LogPassFailed(string reason, Exception exception);
}
