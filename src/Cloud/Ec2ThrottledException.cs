namespace EsCni.Cloud;

/// <summary>EC2 (<c>RequestLimitExceeded</c>) or the node's own token bucket kept refusing a call through every retry.</summary>
public sealed class Ec2ThrottledException : CloudException
{
    /// <summary>Creates the exception.</summary>
    public Ec2ThrottledException(string message, string api, string? errorCode, string? requestId, bool outcomeUnknown, Exception? innerException = null)
        : base(message, api, errorCode, requestId, outcomeUnknown, innerException)
    {
    }
}
