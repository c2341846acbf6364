namespace EsCni.Ipamd.Pool;

/// <summary>The journal opened, but its events do not rebuild a pool; the message names the LSN and what to do.</summary>
public sealed class PoolRecoveryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PoolRecoveryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public PoolRecoveryException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>For serializers.</summary>
    public PoolRecoveryException()
    {
    }
}
