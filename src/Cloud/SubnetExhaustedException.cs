namespace EsCni.Cloud;

/// <summary>The subnet has no free addresses (<c>InsufficientFreeAddressesInSubnet</c>) or no free /28
/// (<c>InsufficientCidrBlocks</c>); growing the pool should back off rather than retry at once.</summary>
public class SubnetExhaustedException : CloudException
{
    /// <summary>Creates the exception.</summary>
    public SubnetExhaustedException(string message, string api, string? errorCode, string? requestId, Exception? innerException = null)
        : base(message, api, errorCode, requestId, outcomeUnknown: false, innerException)
    {
    }
}
