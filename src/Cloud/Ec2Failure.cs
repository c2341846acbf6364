using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace EsCni.Cloud;

/// <summary>Sorts exceptions from the SDK and the pipeline into what the retry, the breaker and the caller do with them.</summary>
internal static class Ec2Failure
{
    // The SDK's own list of throttling codes (its retry policy) plus EC2's RequestLimitExceeded.
    private static readonly HashSet<string> s_throttleCodes = new(StringComparer.Ordinal)
    {
        "RequestLimitExceeded", "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottled",
        "RequestThrottledException", "TooManyRequestsException", "BandwidthLimitExceeded", "EC2ThrottledException",
        "SlowDown", "PriorRequestNotComplete",
    };

    private static readonly HashSet<string> s_serverErrorCodes = new(StringComparer.Ordinal)
    {
        "InternalError", "InternalFailure", "ServiceUnavailable", "Unavailable", "RequestTimeout", "RequestTimeoutException",
    };

    private static readonly HashSet<string> s_subnetExhaustedCodes = new(StringComparer.Ordinal)
    {
        "InsufficientFreeAddressesInSubnet", "InsufficientCidrBlocks",
    };

    /// <summary>The kind of failure <paramref name="exception"/> is.</summary>
    public static Ec2FailureKind Classify(Exception exception)
    {
        switch (exception)
        {
            case BrokenCircuitException:
                return Ec2FailureKind.CircuitOpen;
            case RateLimiterRejectedException:
                return Ec2FailureKind.LocalRateLimit;
            case TimeoutRejectedException:
                return Ec2FailureKind.Timeout;
            case AmazonServiceException service when service.ErrorCode is { } code && s_throttleCodes.Contains(code):
                return Ec2FailureKind.Throttled;
            case AmazonServiceException service when service.StatusCode == HttpStatusCode.TooManyRequests:
                return Ec2FailureKind.Throttled;
            case AmazonServiceException service when service.ErrorCode is { } code && s_subnetExhaustedCodes.Contains(code):
                return Ec2FailureKind.SubnetExhausted;
            case AmazonServiceException service when (service.ErrorCode is { } code && s_serverErrorCodes.Contains(code))
                                                   || (int)service.StatusCode >= 500:
                return Ec2FailureKind.ServerError;
        }

        // A connection reset or a response cut off mid-body reaches us either bare or wrapped by the SDK; the
        // server may have applied the change, which is exactly the "lost response" case.
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or IOException or SocketException)
            {
                return Ec2FailureKind.ConnectionLost;
            }
        }

        if (exception is AmazonServiceException { ErrorCode: not null })
        {
            return Ec2FailureKind.Rejected;
        }

        // The SDK's HttpClient timeout surfaces as a cancellation the caller did not ask for.
        return exception is OperationCanceledException ? Ec2FailureKind.Timeout : Ec2FailureKind.Rejected;
    }

    /// <summary>True for failures another attempt may cure: throttling, 5xx, timeouts, lost connections.</summary>
    public static bool IsTransient(Ec2FailureKind kind) =>
        kind is Ec2FailureKind.Throttled or Ec2FailureKind.ServerError or Ec2FailureKind.Timeout or Ec2FailureKind.ConnectionLost;

    /// <summary>True for failures that say EC2 is unhealthy. Throttling is deliberately not one: it means "slow
    /// down", which the bucket and the backoff do; opening the breaker on it would turn a busy account into an outage.</summary>
    public static bool CountsAgainstBreaker(Ec2FailureKind kind) =>
        kind is Ec2FailureKind.ServerError or Ec2FailureKind.Timeout or Ec2FailureKind.ConnectionLost;

    /// <summary>The error code to record: EC2's, or a local name for failures EC2 never answered.</summary>
    public static string CodeOf(Exception exception, Ec2FailureKind kind) => kind switch
    {
        Ec2FailureKind.CircuitOpen => "CircuitOpen",
        Ec2FailureKind.LocalRateLimit => "LocalRateLimit",
        Ec2FailureKind.Timeout => "Timeout",
        Ec2FailureKind.ConnectionLost => "ConnectionLost",
        _ => (exception as AmazonServiceException)?.ErrorCode ?? exception.GetType().Name,
    };
}

/// <summary>What kind of failure an EC2 attempt ended in.</summary>
internal enum Ec2FailureKind
{
    Rejected,
    Throttled,
    SubnetExhausted,
    ServerError,
    Timeout,
    ConnectionLost,
    CircuitOpen,
    LocalRateLimit,
}
