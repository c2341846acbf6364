namespace EsCni.Cloud;

/// <summary>EC2 found no free, aligned /28 in the subnet for a prefix (<c>InsufficientCidrBlocks</c>), although single
/// addresses may be left: the subnet is fragmented by scattered secondary IPs. The pool should fall back to secondary
/// IPs and try prefixes again later; a subnet CIDR reservation for prefixes prevents it.</summary>
public sealed class InsufficientCidrBlocksException : SubnetExhaustedException
{
    /// <summary>EC2's error code.</summary>
    public const string Code = "InsufficientCidrBlocks";

    /// <summary>Creates the exception.</summary>
    public InsufficientCidrBlocksException(string message, string api, string? requestId, Exception? innerException = null)
        : base(message, api, Code, requestId, innerException)
    {
    }
}
