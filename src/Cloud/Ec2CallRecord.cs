namespace EsCni.Cloud;

/// <summary>One logical EC2 call as the pipeline saw it: every attempt, throttle and limiter wait included.</summary>
/// <param name="Api">EC2 action name, e.g. <c>CreateNetworkInterface</c>.</param>
/// <param name="Class">The throttling class whose bucket and breaker the call went through.</param>
/// <param name="Outcome">How the call ended.</param>
/// <param name="ErrorCode">EC2 error code of the last failed attempt (<c>RequestLimitExceeded</c>, ...), or a local code
/// (<c>Timeout</c>, <c>ConnectionLost</c>, <c>CircuitOpen</c>, <c>LocalRateLimit</c>); null on success.</param>
/// <param name="Attempts">HTTP attempts made (0 when the breaker or the limiter refused the call).</param>
/// <param name="Throttles">Attempts EC2 answered with a throttling error.</param>
/// <param name="StartedAt">When the call started.</param>
/// <param name="Latency">Wall time of the whole call, waits and backoff included.</param>
/// <param name="LimiterWait">Time spent waiting for tokens of the local bucket, summed over attempts.</param>
/// <param name="RequestId">AWS request id of the last answered attempt, if any.</param>
/// <param name="ClientToken">Idempotency token sent with the call, if any.</param>
public sealed record Ec2CallRecord(
    string Api,
    Ec2ApiClass Class,
    Ec2CallOutcome Outcome,
    string? ErrorCode,
    int Attempts,
    int Throttles,
    DateTimeOffset StartedAt,
    TimeSpan Latency,
    TimeSpan LimiterWait,
    string? RequestId,
    string? ClientToken);

/// <summary>How a logical EC2 call ended.</summary>
public enum Ec2CallOutcome
{
    /// <summary>EC2 answered with success.</summary>
    Succeeded,

    /// <summary>EC2 answered with an error that is not retried (validation, not found, limits, subnet full).</summary>
    Rejected,

    /// <summary>Every attempt was throttled, by EC2 or by the local bucket.</summary>
    Throttled,

    /// <summary>EC2 kept failing (5xx, timeouts, lost connections) or the breaker was open.</summary>
    Unavailable,

    /// <summary>The caller cancelled.</summary>
    Canceled,
}
