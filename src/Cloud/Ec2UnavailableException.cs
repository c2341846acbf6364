namespace EsCni.Cloud;

/// <summary>EC2 could not be reached or kept failing (5xx, timeouts, lost connections), or the circuit breaker is open
/// and the call was not even attempted.</summary>
public sealed class Ec2UnavailableException : CloudException
{
    /// <summary>Creates the exception.</summary>
    public Ec2UnavailableException(string message, string api, string? errorCode, string? requestId, bool outcomeUnknown, bool circuitOpen, Exception? innerException = null)
        : base(message, api, errorCode, requestId, outcomeUnknown, innerException)
    {
        CircuitOpen = circuitOpen;
    }

    /// <summary>True when the breaker refused the call without sending it.</summary>
    public bool CircuitOpen { get; }
}
