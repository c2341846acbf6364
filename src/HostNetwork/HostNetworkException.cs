namespace EsCni.HostNetwork;

/// <summary>Base of the failures of host ENI networking; messages say what failed and what to do.</summary>
public class HostNetworkException : Exception
{
    /// <summary>Creates the exception with a message that names what failed and what to do.</summary>
    public HostNetworkException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception wrapping the failure that caused it.</summary>
    public HostNetworkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message; prefer the overloads that say what failed.</summary>
    public HostNetworkException()
        : base("host networking failed")
    {
    }
}
