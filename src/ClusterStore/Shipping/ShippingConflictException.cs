namespace EsCni.ClusterStore.Shipping;

/// <summary>
/// The cluster store holds events for this node's stream that this journal did not write: two writers share one
/// incarnation (e.g. a restored hostPath backup running beside the original). Shipping stops; nothing is overwritten.
/// </summary>
public sealed class ShippingConflictException : Exception
{
    /// <summary>Creates the exception with a message naming stream, LSN and both ids.</summary>
    public ShippingConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ShippingConflictException()
    {
    }

    /// <summary>Creates the exception with a cause.</summary>
    public ShippingConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
