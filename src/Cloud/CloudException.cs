namespace EsCni.Cloud;

/// <summary>An EC2 or IMDS call failed; the message names the API, the error code, the request id and what to do.</summary>
public class CloudException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CloudException(string message, string api, string? errorCode = null, string? requestId = null, bool outcomeUnknown = false, Exception? innerException = null)
        : base(message, innerException)
    {
        Api = api;
        ErrorCode = errorCode;
        RequestId = requestId;
        OutcomeUnknown = outcomeUnknown;
    }

    /// <summary>The EC2 action (<c>AssignPrivateIpAddresses</c>) or IMDS path that failed.</summary>
    public string Api { get; }

    /// <summary>The EC2 error code (<c>InvalidNetworkInterfaceID.NotFound</c>) or a local code (<c>Timeout</c>).</summary>
    public string? ErrorCode { get; }

    /// <summary>AWS request id of the failed attempt, when EC2 answered at all.</summary>
    public string? RequestId { get; }

    /// <summary>True when a mutation may have been applied although no answer arrived (timeout, lost connection, 5xx):
    /// the caller must settle it by asking EC2, never by assuming it did not happen.</summary>
    public bool OutcomeUnknown { get; }
}
